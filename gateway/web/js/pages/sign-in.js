import { useState } from 'preact/hooks';
import { html } from 'htm/preact';
import { api } from '../api.js';

export function SignIn({ onSignedIn, reason }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);

  async function submit(event) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const answer = await api.post('/api/auth/login/', { username, password }, { auth: false });
      onSignedIn(answer.user);
    } catch (e) {
      setError(e.status === 401 ? 'Invalid username or password.' : e.message);
      setBusy(false);
    }
  }

  return html`<main class="sign-in">
    <form class="card" onSubmit=${submit} data-testid="sign-in-form">
      <h1><span class="logo" aria-hidden="true">◧</span> sanplane</h1>
      <p class="muted">Fibre Channel SAN configuration, together.</p>
      ${reason && !error && html`<div class="notice notice-info" data-testid="sign-in-reason">${reason}</div>`}
      ${error && html`<div class="notice notice-error" role="alert" data-testid="sign-in-error">${error}</div>`}
      <label for="username">Username</label>
      <input id="username" name="username" autocomplete="username" data-testid="username" required
        value=${username} onInput=${(e) => setUsername(e.currentTarget.value)} autofocus />
      <label for="password">Password</label>
      <input id="password" name="password" type="password" autocomplete="current-password" data-testid="password" required
        value=${password} onInput=${(e) => setPassword(e.currentTarget.value)} />
      <button type="submit" class="primary" data-testid="sign-in" disabled=${busy}>${busy ? 'Signing in…' : 'Sign in'}</button>
    </form>
  </main>`;
}
