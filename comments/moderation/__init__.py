"""What moderators reach, under /moderointi/: the blueprint with the queue and decisions on
comments (``blueprint``), login and sessions (``auth``), the queue's presentation (``queue``),
what a decision does (``decisions``) and the admin pages (``admin``)."""
