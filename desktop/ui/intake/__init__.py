"""The intake form (the home screen): record one contact with the keyboard alone.

The call timer starts with the form. Typing a phone number shows earlier contacts from
it; typing a child's name shows children already on file (folded name + birth year +
commune) so the worker can link instead of duplicating. Ctrl+S saves, Ctrl+Shift+S saves
and opens a case. The form is kept as an encrypted draft (`ws.save_draft`) every few
seconds, so a crash loses at most those seconds.

- `page`: the form itself (`IntakeForm`): fields, layout, saving, language.
- `child_form`: one child in the contact (`ChildForm`) and the birth/place parsing it uses.
- `lookups`: earlier contacts from the phone number, children already on file.
- `draft`: the encrypted draft, kept every few seconds and restored after a crash.
"""
