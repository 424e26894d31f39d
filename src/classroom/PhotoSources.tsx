// The classroom's ways in for photos: "Add your own photos…" (a file picker; dropping photos on the
// classroom does the same) and "Open a labelled folder…" (a folder picker: one sub-folder per class,
// or a manifest.csv with path,label[,source], as `npm run evaluate` reads).
import { useStore } from '../state/store';
import { useClassroomT, type CT } from '../i18n/classroom';
import { FilePicker } from '../ui/FilePicker';
import { labelledFolderFaces, ownFaces } from './faces';
import { addOwn, setLabelled, useClassroom } from './state';

/** Adds photos the person chose or dropped, unlabelled, and opens the first of them. */
export function addOwnPhotos(files: File[]): void {
  addOwn(ownFaces(files, new Set(useClassroom.getState().faces.map((f) => f.key))));
}

async function openFolder(files: File[], classes: string[], t: CT): Promise<void> {
  const fail = (folderError: string) => useClassroom.getState().set({ folderError });
  try {
    const r = await labelledFolderFaces(files, classes);
    if (r.kind === 'unknown-labels') fail(t('folderLabels', { folder: r.folder, labels: r.labels.join(', '), classes: classes.join(', ') }));
    else setLabelled({ kind: 'folder', folder: r.folder, shown: r.faces.length, labelled: r.labelled, missing: r.missing }, r.faces);
  } catch (e) {
    fail(t('folderFailed', { message: e instanceof Error ? e.message : String(e) }));
  }
}

export function PhotoSources() {
  const t = useClassroomT();
  const classes = useStore((s) => s.engine.card?.classes);
  const { labelled, folderError } = useClassroom();
  return (
    <div className="cr-sources">
      <FilePicker label={t('addPhotos')} accept="image/*" testId="classroom-photos" secondary onFiles={(files) => addOwnPhotos(Array.from(files ?? []))} />
      {/* The labels are checked against the model's classes, so the folder waits for the model. */}
      <FilePicker
        label={t('openFolder')}
        folder
        secondary
        disabled={!classes}
        testId="classroom-folder"
        onFiles={(files) => {
          if (classes) void openFolder(Array.from(files ?? []), classes, t);
        }}
      />
      {labelled?.kind === 'folder' && (
        <p className="muted" data-testid="folder-note">
          {t(labelled.shown < labelled.labelled ? 'folderSome' : 'folderAll', { folder: labelled.folder, shown: labelled.shown, total: labelled.labelled })}
          {labelled.missing > 0 && ` ${t('folderMissing', { n: labelled.missing })}`}
        </p>
      )}
      {folderError && (
        <p role="alert" data-testid="folder-error">
          {folderError}
        </p>
      )}
    </div>
  );
}
