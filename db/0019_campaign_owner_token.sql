-- The fencing token of the lab process running a campaign: a new one at every start and resume, NULL when no process
-- runs it. Every write of a campaign's session checks it in the same transaction, so a process that lost the campaign
-- (stopped for longer than the heartbeat while another one resumed it) stores nothing more.
ALTER TABLE campaigns ADD COLUMN owner_token TEXT;
