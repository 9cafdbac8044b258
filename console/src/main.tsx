import { render } from 'preact';
import { configureAuth, loadConfig } from './api/client';
import { App, signOutOnUnauthorized } from './app';
import { currentLanguage } from './i18n';
import { storedKey } from './session';
import './styles.css';

document.documentElement.lang = currentLanguage();
configureAuth({ key: storedKey, unauthorized: signOutOnUnauthorized });
await loadConfig();
render(<App />, document.getElementById('app')!);
