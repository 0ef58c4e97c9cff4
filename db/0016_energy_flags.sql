-- A prompt whose energy window spans a meter gap or came out below the idle baseline (issue 9): its energy columns
-- stay NULL (out of every energy figure), the reason is stored here with what the window integrated to.
ALTER TABLE prompt_results ADD COLUMN energy_flag TEXT;
ALTER TABLE prompt_results ADD COLUMN energy_flag_reason TEXT;
ALTER TABLE prompt_results ADD COLUMN flagged_energy_j REAL;
ALTER TABLE prompt_results ADD COLUMN flagged_net_energy_j REAL;
-- Flag counts per run model read only the flagged rows.
CREATE INDEX prompt_results_energy_flag ON prompt_results(run_model_id, energy_flag) WHERE energy_flag IS NOT NULL;
