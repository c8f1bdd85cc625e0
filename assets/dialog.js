// Modal dialogs on the native <dialog> element (focus trap, Escape and the backdrop come with it).
// The action runs inside the dialog, which stays open with the server's message when it fails.
import { busy, el, errorText, uid } from './forms.js';
import { t } from './i18n.js';

// Resolves with what `onSubmit` answered (true when it answered nothing), or null when cancelled.
// `onSubmit` answers false to keep the dialog open (its own checks failed and are shown);
// `onError(e)` answers true when it showed the error itself (next to a field). `cancelLabel: null`
// leaves out Cancel and `sticky` ignores Escape: for something the reader must take in (a key
// shown once). `wide` makes room for a grid of choices.
export function modal({ title, intro, content = [], submitLabel, busyLabel, danger = false, testId, onSubmit, onError,
  cancelLabel = t('dialog.cancel'), sticky = false, wide = false }) {
  return new Promise((resolve) => {
    const heading = el('h2', { id: uid('dialog') }, title);
    const banner = el('p', { class: 'banner banner-bad', role: 'alert', 'data-testid': 'dialog-error', hidden: true });
    const cancel = cancelLabel === null ? null
      : el('button', { type: 'button', class: 'button button-secondary', 'data-testid': 'dialog-cancel' }, cancelLabel);
    const submit = el('button', { type: 'submit', class: danger ? 'button button-danger' : 'button',
      'data-testid': 'dialog-submit' }, submitLabel);
    const form = el('form', { novalidate: true },
      heading, intro && el('p', { class: 'intro' }, intro), banner, ...content,
      el('div', { class: 'actions' }, cancel, submit));
    const dialog = el('dialog', { class: wide ? 'dialog dialog-wide' : 'dialog', 'aria-labelledby': heading.id,
      'data-testid': testId }, form);
    let result = null;
    let working = false;

    cancel?.addEventListener('click', () => dialog.close());
    // Escape while the request runs would hide its outcome.
    dialog.addEventListener('cancel', (event) => {
      if (working || sticky) event.preventDefault();
    });
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(result);
    });
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (working) return;
      banner.hidden = true;
      working = true;
      const restore = busy(submit, busyLabel);
      if (cancel) cancel.disabled = true;
      let outcome;
      try {
        outcome = await onSubmit();
      } catch (e) {
        outcome = false;
        if (!onError?.(e)) {
          banner.textContent = errorText(e);
          banner.hidden = false;
        }
      }
      working = false;
      if (outcome === false) {
        restore();
        if (cancel) cancel.disabled = false;
        return;
      }
      result = outcome ?? true;
      dialog.close();
    });

    document.body.append(dialog);
    dialog.showModal();
  });
}

// "Are you sure?" before something that cannot be taken back lightly; focus starts on Cancel.
export function confirmAction({ title, text, confirmLabel, busyLabel, danger = true, testId = 'confirm-dialog', action }) {
  return modal({ title, intro: text, submitLabel: confirmLabel, busyLabel, danger, testId, onSubmit: action });
}
