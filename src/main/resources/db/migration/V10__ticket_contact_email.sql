-- The email a ticket was raised with (the Desk's ticket field email), kept beside the summary for one use: a sales
-- signal raised from the mirror alone (OVERDUE: the Desk turns a ticket overdue without changing it, so no read brings
-- it back) must still reach the CRM's lead or contact by email when the ticket's Desk contact is linked to no CRM
-- contact. Not part of the summary's content hash: no list or statistic reads it.
ALTER TABLE ticket_mirror ADD COLUMN contact_email VARCHAR(320);
