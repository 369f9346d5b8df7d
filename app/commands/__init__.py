"""The command line's commands beyond serving: `python -m app reconcile | batch-debit | operators`."""
