"""One case: header with deadline badge, timeline, Decree 56 step actions, referrals,
assignment, and the open sync conflicts with a side-by-side resolution dialog.

- `view`: the case page (`CaseView`).
- `step_dialog`: what a move to the next step needs (`StepDialog`).
- `entry_dialog`: a timeline entry (`EntryDialog`).
- `referral_dialog`: a referral or its status (`ReferralDialog`).
- `conflict_dialog`: the open sync conflicts side by side (`ConflictDialog`).
"""
