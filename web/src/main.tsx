import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Link } from 'react-router';
import { startReactDsfr } from '@codegouvfr/react-dsfr/spa.js';
import { z } from 'zod';
import '@codegouvfr/react-dsfr/main.css';
import './styles.css';
import { App } from './App.js';
import { SessionProvider } from './api/session.js';

// Shared zod schemas (src/**/schema.ts) speak French in the browser as on the server.
z.config(z.locales.fr());

// DSFR script and theme; react-dsfr links go through the router.
startReactDsfr({ defaultColorScheme: 'light', Link });

declare module '@codegouvfr/react-dsfr/spa.js' {
  interface RegisterLink { Link: typeof Link }
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <BrowserRouter>
      <SessionProvider>
        <App />
      </SessionProvider>
    </BrowserRouter>
  </StrictMode>,
);
