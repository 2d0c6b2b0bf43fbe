import { serveTasks } from '../workers/serveTasks.js';
import { renderOnThisThread, type PdfRequest } from './pdfmakeRender.js';

serveTasks((request: PdfRequest) => renderOnThisThread(request));
