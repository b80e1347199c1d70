"""Moving a blog in and out: WordPress (WXR), Blogger (classic and Takeout) and Disqus exports
become Markdown articles and pages plus comments in the store, threads, statuses and old
addresses kept (``flask --app comments import FILE``); ``export --format wxr|disqus`` writes
the site back out. See comments/importers/importing.py for how one import runs."""
