import { reactive, readonly } from 'vue';

/** The signed-in user, as `GET /api/auth/me` tells. */
export interface User {
  id: string;
  email: string | null;
  name: string;
  role: 'admin' | 'editor' | 'viewer' | string;
  authMethod: string;
}

/** What login and refresh answer when the tokens went into cookies (no token is ever readable here). */
interface CookieSession {
  expiresAt: string;
  refreshTokenExpiresAt: string;
}

/** Thrown by sign-in with the server's message (bad credentials, missing field…). */
export class SignInError extends Error {}

const expiresKey = 'ih.session.expiresAt';
const refreshLockName = 'ih.session.refresh';
/** Refresh this long before the access cookie expires. */
const refreshMargin = 60_000;

const state = reactive({
  user: null as User | null,
  /** True once the first `me` call answered (the router waits for it). */
  checked: false,
});

/** The session state for templates (read-only). */
export const session = readonly(state);

let refreshTimer: number | undefined;
let refreshing: Promise<boolean> | null = null;
const expiredListeners: Array<() => void> = [];

/** Called when the session ended without the user signing out (refresh failed): the router goes to the login page. */
export function onSessionExpired(listener: () => void): void {
  expiredListeners.push(listener);
}

/** May this user change definitions and run them? */
export function canEdit(user: User | null = state.user): boolean {
  return user?.role === 'admin' || user?.role === 'editor';
}

/**
 * Who is signed in: asks the server once (a 401 tries the refresh cookie first). A browser where nobody signed in
 * (no session expiry stored by a sign-in) goes straight to the login page.
 */
export async function loadSession(): Promise<User | null> {
  // No session started in this browser (nothing stored at sign-in): the login page, without asking the server.
  if (storedExpiry() === null) {
    state.checked = true;
    return null;
  }
  let user = await fetchMe();
  if (user === null && (await refreshSession(true))) user = await fetchMe();
  setUser(user);
  state.checked = true;
  if (user) {
    scheduleRefresh();
  } else {
    forget();
  }
  return user;
}

/** Signs in with email and password; the server sets the HttpOnly cookies. */
export async function signIn(email: string, password: string): Promise<User> {
  const response = await fetch('/api/auth/login?useCookie=true', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!response.ok) throw new SignInError(await problemText(response, 'Sign-in failed.'));
  storeExpiry(((await response.json()) as CookieSession).expiresAt);
  const user = await fetchMe();
  if (!user) throw new SignInError('Signed in, but the server did not accept the session cookie.');
  setUser(user);
  state.checked = true;
  scheduleRefresh();
  return user;
}

/** Signs out: the server revokes the refresh token and clears both cookies. */
export async function signOut(): Promise<void> {
  clearTimer();
  try {
    await fetch('/api/auth/logout', { method: 'POST', credentials: 'same-origin' });
  } finally {
    forget();
  }
}

/**
 * Rotates the session with the refresh cookie (`POST /api/auth/refresh`). One refresh at a time, also across tabs
 * (Web Locks where the browser has them): unless forced (after a 401), a tab that finds the session freshly
 * refreshed by another leaves it alone.
 */
export function refreshSession(force = false): Promise<boolean> {
  refreshing ??= withRefreshLock(() => doRefresh(force)).finally(() => {
    refreshing = null;
  });
  return refreshing;
}

/** The session ended (a refresh was refused): forget the user and tell the router. */
export function sessionExpired(): void {
  if (!state.user) return;
  forget();
  for (const listener of expiredListeners) listener();
}

async function doRefresh(force: boolean): Promise<boolean> {
  const expiry = storedExpiry();
  if (!force && expiry !== null && expiry - Date.now() > refreshMargin * 2 && state.user) return true; // another tab just did it
  const response = await fetch('/api/auth/refresh', { method: 'POST', credentials: 'same-origin' });
  if (response.ok) {
    storeExpiry(((await response.json()) as CookieSession).expiresAt);
    scheduleRefresh();
    return true;
  }
  // Another tab may have rotated the refresh token a moment ago: its new access cookie is ours too.
  return (await fetchMe()) !== null;
}

async function withRefreshLock(work: () => Promise<boolean>): Promise<boolean> {
  const locks = (navigator as Navigator & { locks?: LockManager }).locks;
  if (!locks) return work();
  return locks.request(refreshLockName, work);
}

async function fetchMe(): Promise<User | null> {
  const response = await fetch('/api/auth/me', { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  if (response.status === 401) return null;
  if (!response.ok) throw new Error(await problemText(response, `The server answered ${response.status}.`));
  return (await response.json()) as User;
}

function setUser(user: User | null): void {
  state.user = user;
}

function forget(): void {
  clearTimer();
  setUser(null);
  try {
    localStorage.removeItem(expiresKey);
  } catch {
    // storage blocked: nothing kept
  }
}

function scheduleRefresh(): void {
  clearTimer();
  const expiry = storedExpiry();
  // Unknown expiry (signed in before this page loaded, storage cleared): refresh now to learn it.
  const delay = expiry === null ? 0 : Math.max(expiry - Date.now() - refreshMargin, 5_000);
  refreshTimer = window.setTimeout(async () => {
    if (!(await refreshSession())) sessionExpired();
  }, Math.min(delay, 2 ** 31 - 1));
}

function clearTimer(): void {
  if (refreshTimer !== undefined) window.clearTimeout(refreshTimer);
  refreshTimer = undefined;
}

function storeExpiry(expiresAt: string): void {
  try {
    localStorage.setItem(expiresKey, expiresAt);
  } catch {
    // storage blocked: the timer still runs for this page
  }
}

function storedExpiry(): number | null {
  try {
    const text = localStorage.getItem(expiresKey);
    const value = text ? Date.parse(text) : NaN;
    return Number.isNaN(value) ? null : value;
  } catch {
    return null;
  }
}

/** Another tab refreshed or signed out: follow it. */
window.addEventListener('storage', event => {
  if (event.key !== expiresKey || !state.user) return;
  if (event.newValue === null) {
    sessionExpired();
  } else {
    scheduleRefresh();
  }
});

/** The title (and detail) of a ProblemDetails answer, else the fallback. */
export async function problemText(response: Response, fallback: string): Promise<string> {
  try {
    const problem = (await response.json()) as { title?: string; detail?: string };
    if (problem.title && problem.detail) return `${problem.title}: ${problem.detail}`;
    return problem.title || problem.detail || fallback;
  } catch {
    return fallback;
  }
}
