// Where photos come in: drag and drop (files or folders), a file picker, a folder picker, paste.
import { useEffect } from 'react';
import { analyseFiles } from '../state/pageEngine';
import { MAX_FILE_BYTES, MAX_PIXELS } from '../decode/decodeImage';
import { SUPPORTED_FORMATS } from '../decode/sniff';
import { filesFromInput } from './dropFiles';
import { useFileDrop } from './useFileDrop';
import { useT } from './useT';
import { FilePicker } from './FilePicker';
import { useBlockStrayDrops } from './useBlockStrayDrops';

export function DropZone({ compact }: { compact: boolean }) {
  const t = useT();
  const { over, dropProps } = useFileDrop(analyseFiles);

  useEffect(() => {
    const onPaste = (e: ClipboardEvent) => {
      const files = Array.from(e.clipboardData?.files ?? []);
      if (files.length) {
        e.preventDefault();
        analyseFiles(files.map((file) => ({ file })));
      }
    };
    document.addEventListener('paste', onPaste);
    return () => document.removeEventListener('paste', onPaste);
  }, []);
  useBlockStrayDrops();

  return (
    <section
      className={`dropzone${over ? ' over' : ''}${compact ? ' compact' : ''}`}
      data-testid="dropzone"
      aria-label={t('addPhotos')}
      {...dropProps}
    >
      <p className="drop-title">{t('dropTitle')}</p>
      <p className="drop-actions">
        <FilePicker label={t('choosePhotos')} accept="image/*,.heic,.heif,video/*,.mp4,.m4v,.mov,.webm,.mkv" testId="file-input" onFiles={(files) => analyseFiles(filesFromInput(files))} />
        <FilePicker label={t('chooseFolder')} folder secondary onFiles={(files) => analyseFiles(filesFromInput(files))} />
        <span className="hint">{t('pasteHint')}</span>
      </p>
      {!compact && (
        <p className="hint">
          {t('limitsHint', { formats: SUPPORTED_FORMATS.join(', '), mb: MAX_FILE_BYTES / 2 ** 20, mp: MAX_PIXELS / 1e6 })}
        </p>
      )}
    </section>
  );
}
