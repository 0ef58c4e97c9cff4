-- Campaign storage speed (issue 4 benchmarks: run-detail queries < 200 ms over 14,042 prompts x 12 models).
-- prompt_results_model (run_model_id, position) becomes a covering index of the per-model figures: same leading
-- columns, so every lookup it served (per run model, in position order; the foreign key from run_models) is served
-- the same way, and the run-detail "models" section (counts, accuracy, TTFT / decode / latency / energy
-- distributions) reads the index alone instead of one table row per result. Ingest cost: still one index leaf per
-- committed result (the entries are wider, so a leaf splits a little more often).
DROP INDEX prompt_results_model;
CREATE INDEX prompt_results_model ON prompt_results(run_model_id, position, ok, correct, unparsable, ttft_ms, decode_tps, total_ms,
  net_energy_j, energy_j, output_tokens);
