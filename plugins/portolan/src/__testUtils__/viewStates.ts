/*
 * The states every Portolan view shows the same way, as the component tests
 * check them: guidance in a note, the partial-answer flag, the backend's
 * error in an error panel, and the rows found by their data attribute.
 */
import { screen } from '@testing-library/react';

/** The view's one note (guidance, "not served", "empty") says `text`. */
export async function expectNote(text: string | RegExp): Promise<void> {
  expect(await screen.findByRole('note')).toHaveTextContent(text);
}

/** The view flags its answer as partial, saying `text` when given. */
export async function expectPartialAnswer(
  text?: string | RegExp,
): Promise<void> {
  const flag = await screen.findByLabelText('Partial answer');
  if (text === undefined) {
    expect(flag).toBeInTheDocument();
  } else {
    expect(flag).toHaveTextContent(text);
  }
}

/** The backend's own message is shown. */
export async function expectBackendMessage(message: RegExp): Promise<void> {
  expect((await screen.findAllByText(message)).length).toBeGreaterThan(0);
}

/** An error panel titled `title` shows the backend's message. */
export async function expectErrorPanel(
  title: RegExp,
  message: RegExp,
): Promise<void> {
  expect(await screen.findByText(title)).toBeInTheDocument();
  await expectBackendMessage(message);
}

/** The element carrying `data-<name>="<value>"`; fails when there is none. */
export function byData(name: string, value: string): HTMLElement {
  const element = document.querySelector(`[data-${name}="${value}"]`);
  if (!element) throw new Error(`Nothing has data-${name}="${value}"`);
  return element as HTMLElement;
}
