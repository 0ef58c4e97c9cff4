-- A change counter for what the measured-row reader keeps in memory (runs/measured-reader.ts, issue 14): every
-- update or deletion of a prompt result and every change of run models counts one. Appending results does not
-- count (no cost per committed result): the reader finds those by their ids, higher than any it has read.
CREATE TABLE store_changes (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  n  INTEGER NOT NULL
);
INSERT INTO store_changes (id, n) VALUES (1, 0);
CREATE TRIGGER prompt_results_changed AFTER UPDATE ON prompt_results BEGIN UPDATE store_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER prompt_results_deleted AFTER DELETE ON prompt_results BEGIN UPDATE store_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER run_models_added AFTER INSERT ON run_models BEGIN UPDATE store_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER run_models_changed AFTER UPDATE OF id, run_id, model_id ON run_models BEGIN UPDATE store_changes SET n = n + 1 WHERE id = 1; END;
CREATE TRIGGER run_models_deleted AFTER DELETE ON run_models BEGIN UPDATE store_changes SET n = n + 1 WHERE id = 1; END;
