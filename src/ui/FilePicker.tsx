// A button that opens the browser's file picker (or, with `folder`, its folder picker) through a
// hidden <input type="file">, and hands over what was chosen; choosing the same files again works.
import { useEffect, useRef } from 'react';

export function FilePicker(props: {
  label: string;
  onFiles: (files: FileList | null) => void;
  /** Test id of the input, for tests that choose files through it. */
  testId?: string;
  accept?: string;
  folder?: boolean;
  disabled?: boolean;
  secondary?: boolean;
}) {
  const input = useRef<HTMLInputElement>(null);
  // React does not know webkitdirectory: set it on the element.
  useEffect(() => {
    if (props.folder) input.current?.setAttribute('webkitdirectory', '');
  }, [props.folder]);
  return (
    <>
      <button type="button" className={props.secondary ? 'secondary' : undefined} disabled={props.disabled} onClick={() => input.current?.click()}>
        {props.label}
      </button>
      <input
        ref={input}
        className="visually-hidden"
        type="file"
        multiple
        accept={props.accept}
        data-testid={props.testId}
        aria-label={props.label}
        tabIndex={-1}
        onChange={(e) => {
          props.onFiles(e.currentTarget.files);
          e.currentTarget.value = '';
        }}
      />
    </>
  );
}
