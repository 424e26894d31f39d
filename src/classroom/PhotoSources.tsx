// The classroom's ways in for photos: "Add your own photos…" (a file picker; dropping photos on the
// classroom does the same) and "Open a labelled folder…" (a folder picker: one sub-folder per class,
// or a manifest.csv with path,label[,source], as `npm run evaluate` reads).
import { useStore } from '../state/store';
import { type ClassroomSentence } from './messages';
import { useClassroomT } from './useClassroomT';
import { FilePicker } from '../ui/FilePicker';
import { labelledFolderFaces, ownFaces, type FolderProblem } from './faces';
import { addOwn, setLabelled, useClassroom } from './state';

/** Adds photos the person chose or dropped, unlabelled, and opens the first of them. */
export function addOwnPhotos(files: File[]): void {
  addOwn(ownFaces(files, new Set(useClassroom.getState().faces.map((f) => f.key))));
}

/** What the classroom says about a folder that gives no photos. */
function folderProblem(p: FolderProblem, classes: string[]): ClassroomSentence {
  const listed = classes.join(', ');
  switch (p.kind) {
    case 'no-folder':
      return { key: 'folderNone' };
    case 'unknown-labels':
      return { key: 'folderLabels', params: { folder: p.folder, labels: p.labels.join(', '), classes: listed } };
    case 'none-present':
      return { key: 'folderNonePresent', params: { folder: p.folder, n: p.named } };
    case 'manifest-columns':
      return { key: 'folderColumns', params: { folder: p.folder, columns: p.columns.join(', ') } };
    case 'no-layout':
      return { key: 'folderNoLayout', params: { folder: p.folder, classes: listed } };
  }
}

async function openFolder(files: File[], classes: string[]): Promise<void> {
  const fail = (folderError: ClassroomSentence) => useClassroom.getState().set({ folderError });
  try {
    const r = await labelledFolderFaces(files, classes);
    if (r.kind === 'faces') setLabelled({ kind: 'folder', folder: r.folder, shown: r.faces.length, labelled: r.labelled, missing: r.missing }, r.faces);
    else fail(folderProblem(r, classes));
  } catch (e) {
    fail({ key: 'folderFailed', params: { message: e instanceof Error ? e.message : String(e) } });
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
          if (classes) void openFolder(Array.from(files ?? []), classes);
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
          {t(folderError.key, folderError.params)}
        </p>
      )}
    </div>
  );
}
