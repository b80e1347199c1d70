"""Any input gives an evaluation whose spans point at the text they name."""

from hypothesis import given, settings
from hypothesis import strategies as st

from comments.policy import Submission, evaluate

DISGUISES = st.sampled_from(
    ["vittu", "p.a.s.k.a", "v i t t u", "p4sk4", "v*ttu", "\u200b", "а", "â", "https://bit.ly/x",
     "131052-308T", "4111 1111 1111 1111", "040 123 4567", "Tapan sinut.", "!", "***", "\n\n"]
)  # fmt: skip
TEXT = st.lists(st.one_of(st.text(max_size=30), DISGUISES), max_size=12).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(
    name=st.text(max_size=40), email=st.text(max_size=40), body=TEXT, website=st.text(max_size=30)
)
def test_every_span_names_its_original_text(name, email, body, website):
    evaluation = evaluate(Submission(name, email, body, website))
    fields = {"name": name, "email": email, "body": body, "website": website}
    assert evaluation.decision in ("pending", "spam", "refused")
    assert 0 <= evaluation.substance.score <= 100
    for finding in evaluation.findings:
        assert finding.message
        if finding.severity == "refuse":
            assert finding.public_message and finding.field in fields
        for span in finding.spans:
            original = fields[span.field]
            assert 0 <= span.start <= span.end <= len(original)
            assert original[span.start : span.end] == span.text


def test_a_huge_word_is_handled_quickly_enough_to_finish():
    evaluation = evaluate(Submission("Aino Virtanen", "aino@example.fi", "vittu" * 2000))
    assert evaluation.decision == "pending"
