import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { pickTransport } from './api/pickTransport.js';
import { App } from './App.js';
import './styles.css';

const root = document.getElementById('root');
if (root) {
  const theme = window.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
  document.documentElement.dataset['theme'] = theme;
  createRoot(root).render(
    <StrictMode>
      <App client={pickTransport()} />
    </StrictMode>,
  );
}
