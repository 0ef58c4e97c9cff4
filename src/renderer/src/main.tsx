import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
// The shared styles first: each feature's stylesheet (imported by its pages) builds on them.
import './ui/base.css';
import './ui/tables.css';
import './ui/forms.css';
import { App } from './app/App';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
