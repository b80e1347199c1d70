"""What readers reach: the comment form and its submission (``submit``), the fields' checks
(``fields``), email confirmation (``confirmation``), the privacy self-service (``privacy``), and
the messages, error pages and headers they share (``pages``)."""
