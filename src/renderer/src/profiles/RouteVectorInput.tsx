/**
 * The prompt's embedding for a router profile whose embedder the lab cannot run (e.g. the seed's
 * BAAI/bge-base-en-v1.5): pasted (a JSON array, {"embedding": [...]}, or numbers) or read from a file.
 */
import { useState } from 'react';
import { parseEmbeddingText } from '../../../shared/kit/embedding-text';

export interface RouteVectorInputProps {
  model: string;
  dim: number;
  text: string;
  onText: (text: string) => void;
}

export function RouteVectorInput({ model, dim, text, onText }: RouteVectorInputProps) {
  const [fileNote, setFileNote] = useState<string | null>(null);
  const parsed = text.trim() === '' ? null : parseEmbeddingText(text);
  const status = parsed === null ? null : !parsed.ok ? `Not an embedding: ${parsed.error}.` : parsed.vector.length === dim ? `${dim} numbers: ready to route.` : `${parsed.vector.length} numbers; ${dim} needed.`;
  const good = parsed?.ok === true && parsed.vector.length === dim;

  async function upload(file: File | undefined) {
    if (!file) return;
    onText(await file.text());
    setFileNote(`from ${file.name}`);
  }

  return (
    <div className="route-vector" data-testid="route-vector">
      <p className="help">
        This router profile embeds prompts with <span className="mono">{model}</span>, which runs outside the lab: give the prompt’s embedding ({dim} numbers) computed with
        that model. On the command line: <span className="mono">aurora-lab route --embedding FILE.json</span>.
      </p>
      <textarea
        className="textarea mono"
        rows={3}
        placeholder={`Paste the embedding: [0.012, -0.034, …] (${dim} numbers), {"embedding": […]}, or numbers separated by spaces`}
        value={text}
        onChange={(e) => {
          onText(e.target.value);
          setFileNote(null);
        }}
        data-testid="route-embedding"
      />
      <div className="connect-row">
        <label className="btn" data-testid="route-embedding-upload-label">
          Upload a JSON file…
          <input type="file" accept=".json,application/json,text/plain" onChange={(e) => void upload(e.target.files?.[0])} data-testid="route-embedding-file" />
        </label>
        {status ? (
          <span className={good ? 'help' : 'hint hint-warn'} data-testid="route-embedding-status">
            {status} {fileNote ? <span className="muted">({fileNote})</span> : null}
          </span>
        ) : null}
      </div>
    </div>
  );
}
