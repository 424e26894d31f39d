// A classroom photo as an image: its description names where it is from only when the page may say
// so (shownSource: a labelled photo's source would give the truth away before it is revealed).
import { useClassroomT } from './useClassroomT';
import { shownSource, type ClassroomFace } from './faces';

export function FaceImage({ face, n, reveal }: { face: ClassroomFace; n: number; reveal: boolean }) {
  const t = useClassroomT();
  const source = shownSource(face, reveal);
  return <img src={face.url} alt={source === null ? t('faceNumber', { n }) : t('faceAlt', { n, source })} width={128} height={128} />;
}
