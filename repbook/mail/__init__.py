"""E-mailing each rep their pack: plan, compose, send with a journal, or write drafts."""
