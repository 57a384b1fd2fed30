// Importing the package defines <session-awareness> (and <session-list>) before React renders, so React 19
// finds `strings` as a property of the upgraded element and sets it as a property, not as an attribute.
import 'session-awareness';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
