// Defines <session-awareness> (and <session-list>) before Angular renders the first template.
import 'session-awareness';
import { bootstrapApplication } from '@angular/platform-browser';
import { App } from './app';

bootstrapApplication(App).catch((error: unknown) => console.error(error));
