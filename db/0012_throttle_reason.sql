-- Why a prompt was flagged throttled (thermal status, CPU frequency capped while busy, or both), in words; NULL
-- when it was not flagged, and for prompts stored before the lab recorded reasons.
ALTER TABLE prompt_results ADD COLUMN throttle_reason TEXT;
