// Where photos come in: drag and drop (files or folders), a file picker, a folder picker, paste.
import { useEffect, useRef, useState } from 'react';
import { analyseFiles } from '../state/engine';
import { MAX_FILE_BYTES, MAX_PIXELS } from '../decode/decodeImage';
import { SUPPORTED_FORMATS } from '../decode/sniff';
import { filesFromDataTransfer, filesFromInput } from './dropFiles';
import { useT } from '../i18n/useT';

export function DropZone({ compact }: { compact: boolean }) {
  const t = useT();
  const [over, setOver] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    folderInput.current?.setAttribute('webkitdirectory', '');
    const onPaste = (e: ClipboardEvent) => {
      const files = Array.from(e.clipboardData?.files ?? []);
      if (files.length) {
        e.preventDefault();
        analyseFiles(files.map((file) => ({ file })));
      }
    };
    // A drop that misses the zone must not navigate away from the page and lose the results.
    const block = (e: DragEvent) => e.preventDefault();
    document.addEventListener('paste', onPaste);
    window.addEventListener('dragover', block);
    window.addEventListener('drop', block);
    return () => {
      document.removeEventListener('paste', onPaste);
      window.removeEventListener('dragover', block);
      window.removeEventListener('drop', block);
    };
  }, []);

  return (
    <section
      className={`dropzone${over ? ' over' : ''}${compact ? ' compact' : ''}`}
      data-testid="dropzone"
      aria-label={t('addPhotos')}
      onDragOver={(e) => {
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        e.stopPropagation();
        setOver(false);
        void filesFromDataTransfer(e.dataTransfer).then(analyseFiles);
      }}
    >
      <p className="drop-title">{t('dropTitle')}</p>
      <p className="drop-actions">
        <button type="button" onClick={() => fileInput.current?.click()}>
          {t('choosePhotos')}
        </button>
        <button type="button" className="secondary" onClick={() => folderInput.current?.click()}>
          {t('chooseFolder')}
        </button>
        <span className="hint">{t('pasteHint')}</span>
      </p>
      {!compact && (
        <p className="hint">
          {t('limitsHint', { formats: SUPPORTED_FORMATS.join(', '), mb: MAX_FILE_BYTES / 2 ** 20, mp: MAX_PIXELS / 1e6 })}
        </p>
      )}
      <input
        ref={fileInput}
        className="visually-hidden"
        type="file"
        multiple
        accept="image/*,.heic,.heif"
        data-testid="file-input"
        aria-label={t('choosePhotos')}
        tabIndex={-1}
        onChange={(e) => {
          analyseFiles(filesFromInput(e.currentTarget.files));
          e.currentTarget.value = '';
        }}
      />
      <input
        ref={folderInput}
        className="visually-hidden"
        type="file"
        multiple
        aria-label={t('chooseFolder')}
        tabIndex={-1}
        onChange={(e) => {
          analyseFiles(filesFromInput(e.currentTarget.files));
          e.currentTarget.value = '';
        }}
      />
    </section>
  );
}
