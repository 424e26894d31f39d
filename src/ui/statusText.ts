// Words for an item's status, shared by the table and the printable report.
import type { MessageKey } from '../i18n/messages';
import type { ItemStatus } from '../analysis/types';

export const STATUS_KEY: Record<ItemStatus, MessageKey> = {
  queued: 'waiting',
  analysing: 'analysing',
  done: 'done',
  error: 'error',
  cancelled: 'cancelled',
};
