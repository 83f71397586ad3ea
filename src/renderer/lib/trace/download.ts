// Saving a file in the browser: a download of the text under a suggested name, through a Blob
// URL that is revoked once the browser has taken the file. Runs in the renderer (browser only;
// the desktop app saves through its own dialog, saveFile).

/** Long enough for the browser to have read the Blob (it starts at once), short enough not to keep megabytes. */
export const REVOKE_AFTER_MS = 10_000;

export function downloadText(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  // Detached: the link is clicked, never shown, so the page's DOM stays Svelte's.
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.rel = 'noopener';
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}
