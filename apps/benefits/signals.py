"""What the benefits app tells the others, without knowing them."""

from django.dispatch import Signal

# Policy files were loaded and changed the rules (`load_policy`); sent after the load commits,
# with `files` (the paths, as text) and `changes` (how many programs were added, changed or
# removed). The applications app recomputes saved households and open applications on it.
policies_loaded = Signal()
