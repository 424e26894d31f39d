// The classroom's interface text in English and Simplified Chinese. It lives beside messages.ts
// but in its own module so it loads with the classroom (a lazily loaded chunk), not with the app;
// the type of `zh` makes the compiler refuse a key missing from either language.
import { useCallback } from 'react';
import { useStore } from '../state/store';
import { fillTemplate, type Lang, type Params } from './messages';

export const en = {
  title: 'Classroom',
  intro:
    'Labelled example faces, a step-by-step tour of AMTENnet with its real numbers, and experiments, on the gallery, a labelled folder of your own or any photo you add. Everything runs on this device.',
  back: 'Back to my photos',
  sections: 'Classroom sections',
  tabGallery: 'Gallery',
  tabWalkthrough: 'Walkthrough',
  tabWhatIf: 'What-if lab',
  tabCompare: 'Compare models',
  waitingModel: 'The model is loading…',
  faceSelect: 'Face',
  galleryFailed: 'The gallery could not be loaded: {message}',
  galleryDamaged: "This build's gallery (gallery/index.json) is damaged and cannot be shown: build TraceLens again.",
  runFailed: 'The model could not run: {message}',
  // Photos
  addPhotos: 'Add your own photos…',
  openFolder: 'Open a labelled folder…',
  noGallery:
    'This build has no gallery: build TraceLens with faces-v1 beside it (../shared/datasets/faces-v1/) or open a labelled folder; any photo you add or drop here works in every section.',
  noPhoto: 'Add a photo first (Add your own photos…, or drop one here), or open a labelled folder.',
  folderAll: '{folder}: {shown} labelled photos.',
  folderSome: '{folder}: {shown} of its {total} labelled photos, evenly spread over the folder.',
  folderMissing: 'Files named in manifest.csv but not in the folder: {n}.',
  folderLabels: '{folder}: the labels {labels} are not classes of the model. Name the class sub-folders (or the label column of manifest.csv) {classes}.',
  folderFailed: 'The folder could not be opened: {message}',
  folderNone: 'No folder was chosen, or the browser did not say which files are in it.',
  folderNonePresent: '{folder}/manifest.csv names {n} photos, and none of them is in the folder.',
  folderColumns: '{folder}/manifest.csv needs the columns path and label (it has: {columns}).',
  folderNoLayout: '{folder} has neither a manifest.csv nor one sub-folder of photos per class ({classes}).',
  // Gallery
  galleryTitle: 'Labelled faces from faces-v1 (test split, never seen in training)',
  folderTitle: 'Labelled photos from {folder}',
  ownTitle: 'Your photos',
  ownPhoto: 'Your photo ({name}); it stays on this device.',
  galleryHelp:
    'Guess first, then reveal the truth and compare it with what the model says. Where each face is from shows with the truth, since it would give the answer away.',
  revealTruth: 'Reveal the truth',
  modelSays: 'Model: {label} ({p})',
  looking: 'The model is looking…',
  truth: 'Truth: {label}',
  correct: 'right',
  wrong: 'wrong',
  score: 'The model got {right} of {total} right.',
  faceAlt: 'Face {n}, from {source}',
  faceNumber: 'Face {n}',
  sourceLine: '{source}',
  licenceLine: '{attribution}. Licence: {licence}.',
  walkThis: 'Walk through face {n}',
  whatIfThis: 'Experiment with face {n}',
  attributionFile: 'All credits: gallery/ATTRIBUTION.md',
  // Walkthrough
  walkTitle: 'Face {n} through the network',
  stepOf: 'Step {i} of {n}',
  previous: 'Previous',
  next: 'Next',
  present: 'Presentation mode',
  leavePresent: 'Leave presentation mode',
  walkHelp: 'Use ← and → (or the buttons) to step through; Home and End jump to the first and last step.',
  channel: 'channel {k}',
  mapAlt: '{title}: {what}',
  colourSigned: 'red above zero, blue below, white at zero; scale ±{scale}',
  colourMagnitude: 'dark is 0, bright is {max}',
  step_input: 'The input I',
  cap_input:
    'The face as the network receives it: 128 × 128 pixels, three colour channels, raw values 0 to 255. The model knows nothing else about the photo.',
  step_conv1: 'Conv1(I): a learned filter',
  cap_conv1:
    'Learned 3 × 3 filters mix each pixel with its neighbours in all three colours. Training chose them so that subtracting the input, the next step, exposes what helps to tell real from manipulated faces.',
  step_fmt: 'Fmt = Conv1(I) − I: the traces',
  cap_fmt:
    'Subtracting the input leaves the residual the rest of the network works from. The idea of AMTEN is to keep fine noise and edges, where editing and GAN up-sampling leave their marks, rather than the face itself. Mean magnitude {energy} on a 0–255 scale. Left: magnitude; next, its fine detail (Fmt minus its 5 × 5 local mean); then the red, green and blue channels.',
  cap_fmt_residual:
    "Subtracting the input leaves the residual the rest of the network works from: fine noise, edges and texture, where editing and GAN up-sampling leave their marks. This model's filters add up to about one in each colour ({sums}), so flat areas come out dark and little of the face itself is left. Mean magnitude {energy} on a 0–255 scale. Left: magnitude; next, its fine detail (Fmt minus its 5 × 5 local mean); then the red, green and blue channels.",
  cap_fmt_picture:
    "The idea of AMTEN is that subtracting the input leaves only fine traces (noise and edges, where editing and GAN up-sampling leave their marks). This model's filters do not add up to one in each colour ({sums}), so about {share} of its Fmt is still the picture: what you see is largely a recoloured face, not a map of traces. The traces are in the fine detail, the second map (Fmt minus its 5 × 5 local mean). Mean magnitude {energy} on a 0–255 scale; then the red, green and blue channels.",
  step_freu: 'Freu: 12 channels of reused traces',
  cap_freu:
    'Fmt is filtered twice more and stacked with itself: 6 + 3 + 3 = 12 channels. Reusing the residual lets the later layers compare raw and filtered traces.',
  step_block: 'Block {b}: {depth} feature maps of {size} × {size}',
  cap_block:
    'Convolution, max-pooling, ReLU and batch normalisation. Each map answers one learned question about the traces; shown are the {k} of {depth} that vary most on this face.',
  cap_block7: 'At 7 × 7 the maps no longer look like a face: 7 × 7 × 128 = 6,272 numbers summarise which traces were found where.',
  step_probs: 'The verdict',
  cap_probs:
    'Three fully connected layers turn the 6,272 numbers into one score per class; softmax turns the scores into probabilities that add up to 1.',
  // What-if lab
  whatIfTitle: 'What if face {n} had been…',
  whatIfHelp: 'Move a slider: the photo is changed on this device and the model runs again on the result.',
  useJpeg: 'Re-compressed as JPEG',
  jpegQuality: 'JPEG quality',
  downscale: 'Downscaled to',
  blur: 'Blurred (σ in pixels)',
  noise: 'With noise (σ, 0–255 scale)',
  shiftX: 'Crop moved right by (px)',
  shiftY: 'Crop moved down by (px)',
  reset: 'Reset',
  running: 'Running the model…',
  energy: 'Fmt, mean |Fmt|: {e}',
  detailNow: 'Fine detail of Fmt (Fmt minus its 5 × 5 local mean)',
  detailEnergy: 'Fine detail of Fmt, mean magnitude (the trace energy): {e}',
  fmtNow: 'Fmt of the changed photo',
  cropNow: 'The changed crop the model saw',
  plotTitle: 'Probability of each class against JPEG quality',
  plotDesc:
    'Face {n} re-compressed at each quality (other sliders as set), one run of the model per point. Detectors learn faint traces that compression erases, so heavily re-compressed photos drift towards the wrong class.',
  plotX: 'JPEG quality',
  plotY: 'Probability',
  plotTable: 'The plotted values',
  quality: 'Quality',
  // Compare
  compareTitle: 'AMTENnet beside a baseline, on face {n}',
  compareHelp:
    "The paper compares AMTENnet with baselines built on the same backbone network: without AMTEN, or with AMTEN's learned trace extractor replaced by another filter. Pick one; both run on this face.",
  baselinePick: 'Baseline',
  baselineChecking: 'Looking for the baselines this build ships…',
  baselineMissing:
    'The baseline model is not shipped yet: {path} was not found in this build. Its probabilities will appear here when it is.',
  modelVersion: '{id}, version {version}',
  arch_amtennet: 'AMTENnet',
  'arch_model-base': 'Model-base',
  'arch_constrained-hybrid': 'Constrained-convolution hybrid',
  'arch_srm-hybrid': 'SRM hybrid',
  'arch_mo-hybrid': 'Mo et al. hybrid',
  about_amtennet: 'AMTENnet itself, loaded a second time: both columns must agree.',
  'about_model-base':
    'Model-base is the same network without the AMTEN module: it learns from the raw pixels instead of the trace residual Fmt.',
  'about_constrained-hybrid':
    "AMTEN replaced by Bayar and Stamm's constrained convolution: learned 5 × 5 filters forced to predict each pixel from its neighbours and subtract it (centre −1, the others adding up to 1).",
  'about_srm-hybrid':
    "AMTEN replaced by the three fixed SRM high-pass filters (5 × 5) that Zhou et al. took from steganalysis: hand-made noise residuals, never trained.",
  'about_mo-hybrid':
    "AMTEN replaced by Mo et al.'s fixed 3 × 3 high-pass residual on each colour channel: a hand-made filter, never trained.",
  resultsTitle: 'Measured results (training/RESULTS.md)',
  resultsMissing: 'training/RESULTS.md is not part of this build yet.',
  resultsCaveat: 'training/RESULTS.md also says how these numbers were measured and what they do not show: read it before drawing conclusions.',
  comparisonTitle: "The paper's comparison on faces-v1: every model trained and measured the same way",
  comparisonNone: 'No run of the comparison has finished yet: its table appears here once training/RESULTS.md has one.',
  comparisonRuns: 'Every run of the comparison and its state ({n} runs)',
} as const;

export type ClassroomKey = keyof typeof en;

export const zh: Record<ClassroomKey, string> = {
  title: '课堂',
  intro: '带标签的示例人脸、用真实数值逐步讲解 AMTENnet，以及动手实验；可使用图库、你自己的带标签文件夹或你添加的任何照片。一切都在本设备上运行。',
  back: '返回我的照片',
  sections: '课堂栏目',
  tabGallery: '图库',
  tabWalkthrough: '逐步讲解',
  tabWhatIf: '假设实验室',
  tabCompare: '模型对比',
  waitingModel: '正在加载模型…',
  faceSelect: '人脸',
  galleryFailed: '无法加载图库：{message}',
  galleryDamaged: '此版本的图库（gallery/index.json）已损坏，无法显示：请重新构建 TraceLens。',
  runFailed: '模型无法运行：{message}',
  addPhotos: '添加你自己的照片…',
  openFolder: '打开带标签的文件夹…',
  noGallery: '此版本没有图库：请在 faces-v1 位于旁边（../shared/datasets/faces-v1/）时构建 TraceLens，或打开一个带标签的文件夹；你添加或拖到这里的任何照片在每个栏目中都能使用。',
  noPhoto: '请先添加一张照片（“添加你自己的照片…”，或拖到这里），或打开一个带标签的文件夹。',
  folderAll: '{folder}：{shown} 张带标签的照片。',
  folderSome: '{folder}：共 {total} 张带标签的照片，显示均匀取自整个文件夹的 {shown} 张。',
  folderMissing: 'manifest.csv 中列出但不在文件夹中的文件：{n} 个。',
  folderLabels: '{folder}：标签 {labels} 不是模型的类别。请把类别子文件夹（或 manifest.csv 的 label 列）命名为 {classes}。',
  folderFailed: '无法打开文件夹：{message}',
  folderNone: '没有选择文件夹，或者浏览器没有说明其中有哪些文件。',
  folderNonePresent: '{folder}/manifest.csv 列出了 {n} 张照片，但文件夹中一张也没有。',
  folderColumns: '{folder}/manifest.csv 需要 path 和 label 两列（它现有：{columns}）。',
  folderNoLayout: '{folder} 既没有 manifest.csv，也没有每个类别（{classes}）一个照片子文件夹。',
  galleryTitle: '来自 faces-v1 的带标签人脸（测试集，训练中从未见过）',
  folderTitle: '来自 {folder} 的带标签照片',
  ownTitle: '你的照片',
  ownPhoto: '你的照片（{name}），只保留在本设备上。',
  galleryHelp: '先猜一猜，再揭晓真相，并与模型的判断比较。每张人脸的来源会随真相一起显示，因为它会泄露答案。',
  revealTruth: '揭晓真相',
  modelSays: '模型：{label}（{p}）',
  looking: '模型正在查看…',
  truth: '真相：{label}',
  correct: '正确',
  wrong: '错误',
  score: '模型答对了 {total} 张中的 {right} 张。',
  faceAlt: '人脸 {n}，来源 {source}',
  faceNumber: '人脸 {n}',
  sourceLine: '{source}',
  licenceLine: '{attribution}。许可：{licence}。',
  walkThis: '逐步讲解人脸 {n}',
  whatIfThis: '用人脸 {n} 做实验',
  attributionFile: '完整署名：gallery/ATTRIBUTION.md',
  walkTitle: '人脸 {n} 在网络中的旅程',
  stepOf: '第 {i} 步，共 {n} 步',
  previous: '上一步',
  next: '下一步',
  present: '演示模式',
  leavePresent: '退出演示模式',
  walkHelp: '使用 ← 和 →（或按钮）逐步浏览；Home 和 End 跳到第一步和最后一步。',
  channel: '通道 {k}',
  mapAlt: '{title}：{what}',
  colourSigned: '红色大于零，蓝色小于零，白色为零；刻度 ±{scale}',
  colourMagnitude: '暗为 0，亮为 {max}',
  step_input: '输入 I',
  cap_input: '网络接收到的人脸：128 × 128 像素，三个颜色通道，原始值 0 到 255。除此之外，模型对这张照片一无所知。',
  step_conv1: 'Conv1(I)：一个学习得到的滤波器',
  cap_conv1: '学习得到的 3 × 3 滤波器把每个像素与其在三个颜色通道中的邻域混合。训练选择这些滤波器，使得下一步减去输入后，能显露出有助于区分真实与篡改人脸的信息。',
  step_fmt: 'Fmt = Conv1(I) − I：痕迹',
  cap_fmt:
    '减去输入后得到的残差是网络其余部分的工作对象。AMTEN 的思路是保留细微的噪声和边缘（编辑和 GAN 上采样正是在这里留下痕迹），而不是人脸本身。在 0–255 刻度上的平均幅度为 {energy}。左：幅度；其次是它的细节部分（Fmt 减去其 5 × 5 局部均值）；然后是红、绿、蓝三个通道。',
  cap_fmt_residual:
    '减去输入后得到的残差是网络其余部分的工作对象：细微的噪声、边缘和纹理，编辑和 GAN 上采样正是在这里留下痕迹。该模型的滤波器在每个颜色通道上的系数之和约为一（{sums}），因此平坦区域呈暗色，人脸本身所剩无几。在 0–255 刻度上的平均幅度为 {energy}。左：幅度；其次是它的细节部分（Fmt 减去其 5 × 5 局部均值）；然后是红、绿、蓝三个通道。',
  cap_fmt_picture:
    'AMTEN 的思路是：减去输入后只留下细微的痕迹（编辑和 GAN 上采样留下痕迹的噪声和边缘）。该模型的滤波器在各颜色通道上的系数之和不为一（{sums}），因此其 Fmt 中约 {share} 仍是图像本身：你看到的主要是一张重新着色的人脸，而不是痕迹图。痕迹在细节部分，即第二张图（Fmt 减去其 5 × 5 局部均值）。在 0–255 刻度上的平均幅度为 {energy}；然后是红、绿、蓝三个通道。',
  step_freu: 'Freu：12 个复用痕迹的通道',
  cap_freu: 'Fmt 再经过两次滤波并与自身拼接：6 + 3 + 3 = 12 个通道。复用残差让后面的层能够比较原始痕迹和滤波后的痕迹。',
  step_block: '第 {b} 块：{depth} 个 {size} × {size} 的特征图',
  cap_block: '卷积、最大池化、ReLU 和批归一化。每张特征图回答一个关于痕迹的学习到的问题；这里显示 {depth} 张中在这张人脸上变化最大的 {k} 张。',
  cap_block7: '到 7 × 7 时，特征图已经不像人脸：7 × 7 × 128 = 6,272 个数字概括了在哪里发现了哪些痕迹。',
  step_probs: '结论',
  cap_probs: '三个全连接层把 6,272 个数字变成每个类别一个分数；softmax 把分数变成加起来等于 1 的概率。',
  whatIfTitle: '如果人脸 {n} 经过了……',
  whatIfHelp: '移动滑块：照片在本设备上被修改，模型会对结果重新运行。',
  useJpeg: '以 JPEG 重新压缩',
  jpegQuality: 'JPEG 质量',
  downscale: '缩小到',
  blur: '模糊（σ，像素）',
  noise: '加噪声（σ，0–255 刻度）',
  shiftX: '裁剪框右移（像素）',
  shiftY: '裁剪框下移（像素）',
  reset: '重置',
  running: '正在运行模型…',
  energy: 'Fmt，|Fmt| 的平均值：{e}',
  detailNow: 'Fmt 的细节部分（Fmt 减去其 5 × 5 局部均值）',
  detailEnergy: 'Fmt 细节部分的平均幅度（痕迹能量）：{e}',
  fmtNow: '修改后照片的 Fmt',
  cropNow: '模型看到的修改后裁剪图',
  plotTitle: '各类别概率随 JPEG 质量的变化',
  plotDesc:
    '人脸 {n} 以每个质量重新压缩（其他滑块保持当前设置），每个点运行一次模型。检测器学习的细微痕迹会被压缩抹去，因此重度再压缩的照片会偏向错误的类别。',
  plotX: 'JPEG 质量',
  plotY: '概率',
  plotTable: '绘图数据',
  quality: '质量',
  compareTitle: 'AMTENnet 与一个基线模型在人脸 {n} 上的对比',
  compareHelp: '论文把 AMTENnet 与基于同一骨干网络的基线模型比较：去掉 AMTEN，或把 AMTEN 学习得到的痕迹提取器换成另一种滤波器。选择一个基线；两者都在这张人脸上运行。',
  baselinePick: '基线模型',
  baselineChecking: '正在查找此版本附带的基线模型…',
  baselineMissing: '基线模型尚未发布：此版本中找不到 {path}。发布后，它的概率会显示在这里。',
  modelVersion: '{id}，版本 {version}',
  arch_amtennet: 'AMTENnet',
  'arch_model-base': 'Model-base',
  'arch_constrained-hybrid': '约束卷积混合模型',
  'arch_srm-hybrid': 'SRM 混合模型',
  'arch_mo-hybrid': 'Mo 等人的混合模型',
  about_amtennet: '再次加载的 AMTENnet 本身：两列的结果必须一致。',
  'about_model-base': 'Model-base 是去掉 AMTEN 模块的同一网络：它从原始像素而不是痕迹残差 Fmt 中学习。',
  'about_constrained-hybrid':
    '用 Bayar 和 Stamm 的约束卷积代替 AMTEN：学习得到的 5 × 5 滤波器被强制用邻域预测每个像素并减去该像素（中心为 −1，其余系数之和为 1）。',
  'about_srm-hybrid': '用 Zhou 等人取自隐写分析的三个固定 SRM 高通滤波器（5 × 5）代替 AMTEN：人工设计的噪声残差，从不训练。',
  'about_mo-hybrid': '用 Mo 等人在每个颜色通道上的固定 3 × 3 高通残差代替 AMTEN：人工设计的滤波器，从不训练。',
  resultsTitle: '测得的结果（training/RESULTS.md）',
  resultsMissing: '此版本尚未包含 training/RESULTS.md。',
  resultsCaveat: 'training/RESULTS.md 还说明了这些数字的测量方法以及它们不能说明什么：得出结论之前请先阅读。',
  comparisonTitle: '论文中的对比（faces-v1）：每个模型都以相同方式训练和测量',
  comparisonNone: '对比实验尚无任何运行完成：training/RESULTS.md 中有结果表后会显示在这里。',
  comparisonRuns: '对比实验的每次运行及其状态（共 {n} 次运行）',
};

const DICT: Record<Lang, Record<ClassroomKey, string>> = { en, zh };

export function translateClassroom(lang: Lang, key: ClassroomKey, params: Params = {}): string {
  return fillTemplate(lang, DICT[lang][key], params);
}

export type CT = (key: ClassroomKey, params?: Params) => string;

/** A classroom sentence kept as data (in the store), so it is said in the language the page has when it is shown. */
export interface ClassroomSentence {
  key: ClassroomKey;
  params?: Params;
}

export function useClassroomT(): CT {
  const lang = useStore((s) => s.lang);
  return useCallback((key, params) => translateClassroom(lang, key, params), [lang]);
}
