import type { Page } from 'playwright-core';
import { settled } from './screens';

/** What a popug does in the dashboards, by the accessible names of the issue (labels, buttons, headings). */
export class Ui {
  constructor(readonly page: Page) {}

  heading(name: string) {
    return this.page.getByRole('heading', { level: 1, name, exact: true });
  }

  alert() {
    return this.page.getByRole('alert');
  }

  async open(hash: string, heading: string): Promise<void> {
    await this.page.goto(`/#${hash}`);
    await this.heading(heading).waitFor();
    await settled(this.page);
  }

  /** Follows a navigation link and waits for its page. */
  async nav(name: string): Promise<void> {
    await this.page.getByRole('navigation').getByRole('link', { name, exact: true }).click();
    await this.heading(name).waitFor();
    await settled(this.page);
  }

  async logIn(username: string, password: string): Promise<void> {
    await this.submitLogin(username, password);
    await this.heading('Tasks').waitFor();
    await settled(this.page);
  }

  async submitLogin(username: string, password: string): Promise<void> {
    if (!(await this.heading('Log in').isVisible())) await this.open('/login', 'Log in');
    await this.page.getByLabel('Username', { exact: true }).fill(username);
    await this.page.getByLabel('Password', { exact: true }).fill(password);
    await this.page.getByRole('button', { name: 'Log in', exact: true }).click();
  }

  /** The login form's error, once shown. */
  async loginError(): Promise<string> {
    await this.page.getByRole('alert').waitFor();
    return (await this.page.getByRole('alert').textContent()) ?? '';
  }

  async signUp(username: string, password: string, fullName: string): Promise<void> {
    await this.open('/signup', 'Sign up');
    await this.page.getByLabel('Username', { exact: true }).fill(username);
    await this.page.getByLabel('E-mail', { exact: true }).fill(`${username}@popug.inc`);
    await this.page.getByLabel('Full name', { exact: true }).fill(fullName);
    await this.page.getByLabel('Password', { exact: true }).fill(password);
    await this.page.getByRole('button', { name: 'Sign up', exact: true }).click();
    await this.heading('Tasks').waitFor();
    await settled(this.page);
  }

  async logOut(): Promise<void> {
    await this.page.getByRole('button', { name: 'Log out', exact: true }).click();
    await this.heading('Log in').waitFor();
  }

  /** Fills and sends the Create task form; resolves with the message it shows (success or the API's error). */
  async createTask(title: string, jiraId = '', description = ''): Promise<string> {
    await this.page.getByLabel('Title', { exact: true }).fill(title);
    await this.page.getByLabel('Jira id', { exact: true }).fill(jiraId);
    await this.page.getByLabel('Description', { exact: true }).fill(description);
    await this.page.getByRole('button', { name: 'Create task', exact: true }).click();
    const form = this.page.locator('form', { has: this.page.getByRole('button', { name: 'Create task' }) });
    const outcome = form.locator('.out [role=alert], .out .ok');
    await outcome.waitFor();
    return (await outcome.textContent()) ?? '';
  }

  /** My open tasks, by name. */
  async myOpenTasks(): Promise<string[]> {
    await settled(this.page);
    const list = this.page.getByRole('list', { name: 'My open tasks' });
    if ((await list.count()) === 0) return [];
    return list.locator('li > span').allTextContents();
  }

  /** The text of an element marked with data-testid, once it is there. */
  async figure(testId: string): Promise<string> {
    const element = this.page.getByTestId(testId);
    await element.waitFor();
    return (await element.textContent()) ?? '';
  }
}
