import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, onUnauthenticated, toApiError, type ApiError } from './client.js';

/** Capabilities the server derives from (organisation kind, role); see src/platform/identity/roles.ts. */
export type Capability = 'administerPlatform' | 'fileRequests' | 'instruct' | 'runCell' | 'readAggregates' | 'readSteering' | 'readFiles';

export interface Me {
  user: { id: number; displayName: string; email: string };
  membership: {
    id: number; role: string; roleLabel: string;
    organisation: { id: number; name: string; kind: string; kindLabel: string };
  };
  memberships: { id: number; role: string; organisationId: number; organisationName: string; organisationKind: string }[];
  capabilities: Capability[];
  oidc: { label: string } | null;
}

export interface Session {
  /** The signed-in user, null when anonymous, undefined while the first check runs. */
  me: Me | null | undefined;
  loading: boolean;
  error: ApiError | undefined;
  can: (capability: Capability) => boolean;
  /** Reloads /api/auth/me (after login, or after switching organisation). */
  refresh: () => Promise<Me | null>;
  logout: () => Promise<void>;
  switchMembership: (membershipId: number) => Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null | undefined>(undefined);
  const [error, setError] = useState<ApiError | undefined>(undefined);

  const refresh = useCallback(async () => {
    try {
      const value = await api.get<Me>('/api/auth/me');
      setMe(value);
      setError(undefined);
      return value;
    } catch (e) {
      const err = toApiError(e);
      if (err.isUnauthenticated) { setMe(null); return null; }
      setError(err);
      setMe(null);
      return null;
    }
  }, []);

  useEffect(() => { void refresh(); }, [refresh]);
  // A 401 on a read (expired session) drops the session; the route guard then shows /connexion.
  // On a write the page stays, with what the user typed: the form shows « Votre session a
  // expiré » and a link to log in again (FormErrorSummary).
  useEffect(() => onUnauthenticated((_error, method) => { if (method === 'GET') setMe(null); }), []);

  const logout = useCallback(async () => {
    try { await api.post('/api/auth/logout'); } finally { setMe(null); }
  }, []);

  const switchMembership = useCallback(async (membershipId: number) => {
    await api.post('/api/auth/membership', { membershipId });
    await refresh();
  }, [refresh]);

  const value = useMemo<Session>(() => ({
    me, error, loading: me === undefined,
    can: (capability) => !!me?.capabilities.includes(capability),
    refresh, logout, switchMembership,
  }), [me, error, refresh, logout, switchMembership]);

  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/** const { me, can, refresh, logout } = useSession(); */
export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession() hors de <SessionProvider>');
  return session;
}
