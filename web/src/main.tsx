import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, Link, RouterProvider } from 'react-router';
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

// A data router (one catch-all route; the app keeps its <Routes>) so that forms can block a
// navigation that would lose unsaved changes (useBlocker).
const router = createBrowserRouter([{ path: '*', element: <SessionProvider><App /></SessionProvider> }]);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <RouterProvider router={router} />
  </StrictMode>,
);
