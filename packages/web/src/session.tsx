import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { get, post, setCsrfToken, setUnauthorizedHandler, type LoginAnswer, type MeAnswer, type Role, type User } from './api.ts';

export interface Session {
  user: User | null;
  /** true until the first GET /auth/me answered */
  checking: boolean;
  mustChangePassword: boolean;
  login(username: string, password: string, totp?: string): Promise<LoginAnswer>;
  logout(): Promise<void>;
  passwordChanged(): void;
  has(...roles: Role[]): boolean;
}

const Ctx = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<User | null>(null);
  const [checking, setChecking] = useState(true);
  const [mustChangePassword, setMust] = useState(false);

  useEffect(() => {
    setUnauthorizedHandler(() => { setCsrfToken(null); setUser(null); });
    get<MeAnswer>('/auth/me')
      .then((me) => { setCsrfToken(me.csrfToken); setUser(me.user); setMust(!!me.mustChangePassword); })
      .catch(() => setUser(null))
      .finally(() => setChecking(false));
    return () => setUnauthorizedHandler(null);
  }, []);

  const login = useCallback(async (username: string, password: string, totp?: string) => {
    const a = await post<LoginAnswer>('/auth/login', totp ? { username, password, totp } : { username, password });
    setCsrfToken(a.csrfToken);
    setUser(a.user);
    setMust(!!a.mustChangePassword);
    return a;
  }, []);

  const logout = useCallback(async () => {
    try { await post('/auth/logout'); } catch { /* the session is gone either way */ }
    setCsrfToken(null);
    setUser(null);
    window.location.hash = '/';
  }, []);

  const value = useMemo<Session>(() => ({
    user, checking, mustChangePassword, login, logout,
    passwordChanged: () => setMust(false),
    has: (...roles) => !!user && user.roles.some((r) => roles.includes(r)),
  }), [user, checking, mustChangePassword, login, logout]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useSession(): Session {
  const v = useContext(Ctx);
  if (!v) throw new Error('useSession outside SessionProvider');
  return v;
}
