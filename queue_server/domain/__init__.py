"""The queue domain: pure functions over the database, no Flask.

Every state change of a ticket happens here, as one conditional
``UPDATE … RETURNING`` inside ``BEGIN IMMEDIATE`` together with its row in
``ticket_events``; views only translate HTTP to these calls and back.
"""
