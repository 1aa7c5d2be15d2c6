<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pt_BR">
<context>
    <name>photocat::ui::ClassifyPanel</name>
    <message>
        <source>Auto: category chosen</source>
        <translation>Automático: categoria escolhida</translation>
    </message>
    <message>
        <source>Shortlist: seller picks one</source>
        <translation>Lista curta: o vendedor escolhe uma</translation>
    </message>
    <message>
        <source>Manual: seller chooses from all</source>
        <translation>Manual: o vendedor escolhe entre todas</translation>
    </message>
    <message>
        <source>Open Product Photos</source>
        <translation>Abrir fotos de produtos</translation>
    </message>
    <message>
        <source>Images (*.jpg *.jpeg *.png *.bmp *.webp *.tif *.tiff)</source>
        <translation>Imagens (*.jpg *.jpeg *.png *.bmp *.webp *.tif *.tiff)</translation>
    </message>
    <message>
        <source>Choose Model</source>
        <translation>Escolher modelo</translation>
    </message>
    <message>
        <source>Checkpoints (*.pt)</source>
        <translation>Checkpoints (*.pt)</translation>
    </message>
    <message>
        <source>Export Suggestions</source>
        <translation>Exportar sugestões</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Arquivos CSV (*.csv)</translation>
    </message>
    <message>
        <source>Cannot write %1</source>
        <translation>Não foi possível gravar %1</translation>
    </message>
    <message>
        <source>Drop product photos here, paste one (Ctrl+V), or use Open…</source>
        <translation>Solte fotos de produtos aqui, cole uma (Ctrl+V) ou use Abrir…</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>&amp;Abrir…</translation>
    </message>
    <message>
        <source>Choose &amp;Model…</source>
        <translation>Escolher &amp;modelo…</translation>
    </message>
    <message>
        <source>&amp;Export CSV…</source>
        <translation>&amp;Exportar CSV…</translation>
    </message>
    <message>
        <source>C&amp;lear</source>
        <translation>&amp;Limpar</translation>
    </message>
    <message>
        <source>&amp;Auto at:</source>
        <translation>&amp;Automático a partir de:</translation>
    </message>
    <message>
        <source>S&amp;hortlist at:</source>
        <translation>&amp;Lista curta a partir de:</translation>
    </message>
    <message>
        <source>No trained model yet: train one first.</source>
        <translation>Ainda não há modelo treinado: treine um primeiro.</translation>
    </message>
    <message>
        <source>Model: %1</source>
        <translation>Modelo: %1</translation>
    </message>
    <message>
        <source>Cannot load model %1</source>
        <translation>Não foi possível carregar o modelo %1</translation>
    </message>
    <message>
        <source>No model to classify with: train one or choose a checkpoint.</source>
        <translation>Nenhum modelo para classificar: treine um ou escolha um checkpoint.</translation>
    </message>
    <message>
        <source>Cannot classify: %1</source>
        <translation>Não foi possível classificar: %1</translation>
    </message>
</context>
<context>
    <name>photocat::ui::ConfusionPlot</name>
    <message>
        <source>predicted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>true</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>true %1, predicted %2: %3 images (%4% of the row). Click to review them.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>photocat::ui::CurvePlot</name>
    <message>
        <source>Reset View</source>
        <translation>Redefinir visualização</translation>
    </message>
    <message>
        <source>Export as PNG or PDF…</source>
        <translation>Exportar como PNG ou PDF…</translation>
    </message>
    <message>
        <source>Export Plot</source>
        <translation>Exportar gráfico</translation>
    </message>
    <message>
        <source>PNG image (*.png);;PDF document (*.pdf)</source>
        <translation>Imagem PNG (*.png);;Documento PDF (*.pdf)</translation>
    </message>
</context>
<context>
    <name>photocat::ui::DatasetPanel</name>
    <message>
        <source>&amp;Class:</source>
        <translation>&amp;Classe:</translation>
    </message>
    <message>
        <source>S&amp;plit:</source>
        <translation>&amp;Divisão:</translation>
    </message>
    <message>
        <source>P&amp;redicted:</source>
        <translation>P&amp;revista:</translation>
    </message>
    <message>
        <source>Pre&amp;diction:</source>
        <translation>Pre&amp;visão:</translation>
    </message>
    <message>
        <source>images</source>
        <translation>imagens</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Todas</translation>
    </message>
    <message>
        <source>Unlabeled</source>
        <translation>Sem rótulo</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>Treinar</translation>
    </message>
    <message>
        <source>Validation</source>
        <translation>Validação</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>Teste</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Nenhuma</translation>
    </message>
    <message>
        <source>Right</source>
        <translation>Corretas</translation>
    </message>
    <message>
        <source>Wrong</source>
        <translation>Erradas</translation>
    </message>
    <message numerus="yes">
        <source>%n image(s)</source>
        <translation>
            <numerusform>%n imagem</numerusform>
            <numerusform>%n imagens</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot read this image: %1</source>
        <translation>Não foi possível ler esta imagem: %1</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>Arquivo:</translation>
    </message>
    <message>
        <source>Size:</source>
        <translation>Tamanho:</translation>
    </message>
    <message>
        <source>Split:</source>
        <translation>Divisão:</translation>
    </message>
    <message>
        <source>Label:</source>
        <translation>Rótulo:</translation>
    </message>
    <message>
        <source>Relabel</source>
        <translation>Alterar rótulo</translation>
    </message>
</context>
<context>
    <name>photocat::ui::EvaluatePanel</name>
    <message>
        <source>Test split</source>
        <translation>Divisão de teste</translation>
    </message>
    <message>
        <source>Validation split</source>
        <translation>Divisão de validação</translation>
    </message>
    <message>
        <source>Train split</source>
        <translation>Divisão de treino</translation>
    </message>
    <message>
        <source>E&amp;valuate</source>
        <translation>A&amp;valiar</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>No trained model yet.</source>
        <translation>Ainda não há modelo treinado.</translation>
    </message>
    <message>
        <source>Evaluating…</source>
        <translation>Avaliando…</translation>
    </message>
    <message>
        <source>Evaluation cancelled.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evaluation failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confusion matrix as CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confusion matrix as PNG or PDF…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Per-image predictions as CSV…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evaluation report (HTML or PDF)…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>category</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>precision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>recall</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>F1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>images</source>
        <translation type="unfinished">imagens</translation>
    </message>
    <message>
        <source>Choose a model and a split, then Evaluate.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>#%1 %2 (%3, val %4)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 images of the %2. Click a cell of the matrix to review its images.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>accuracy
%1%</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>top-%1
%2%</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>macro F1
%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>images
%1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Auto-assign at %1, shortlist at %2: %3% of uploads categorized automatically (%4% right), %5% shortlisted (truth in the list %6%), %7% manual. Drag the lines to move the thresholds.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot write %1</source>
        <translation type="unfinished">Não foi possível gravar %1</translation>
    </message>
</context>
<context>
    <name>photocat::ui::GalleryModel</name>
    <message>
        <source>unlabeled</source>
        <translation>sem rótulo</translation>
    </message>
    <message>
        <source>predicted: %1</source>
        <translation>prevista: %1</translation>
    </message>
</context>
<context>
    <name>photocat::ui::LabelingPanel</name>
    <message>
        <source>Import Unlabeled Photos</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import Unlabeled Photos…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh Suggestions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Skip</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keys: Enter accepts the selected category, 1–9 and 0 label with that category, S skips, Ctrl+Z undoes. Labeled photos join their category and the training split.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ordering the pool by the model&apos;s uncertainty…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Importing %1…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Suggestions unavailable: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing left to label. Import unlabeled photos to grow the pool.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a workspace.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 left. Suggestion: %2 (%3%). %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 left (no model yet: train one for suggestions). %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save the label: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Label as %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>photocat::ui::MainWindow</name>
    <message>
        <source>New Workspace Folder</source>
        <translation>Pasta do novo espaço de trabalho</translation>
    </message>
    <message>
        <source>Open Workspace</source>
        <translation>Abrir espaço de trabalho</translation>
    </message>
    <message>
        <source>Import Image Folder</source>
        <translation>Importar pasta de imagens</translation>
    </message>
    <message>
        <source>Import List</source>
        <translation>Importar lista</translation>
    </message>
    <message>
        <source>Lists (*.lst *.csv)</source>
        <translation>Listas (*.lst *.csv)</translation>
    </message>
    <message>
        <source>About photocat</source>
        <translation>Sobre o photocat</translation>
    </message>
    <message>
        <source>&lt;b&gt;photocat %1&lt;/b&gt;&lt;p&gt;Teach a model to read a seller&apos;s product photo and choose its category.&lt;/p&gt;</source>
        <translation>&lt;b&gt;photocat %1&lt;/b&gt;&lt;p&gt;Ensine um modelo a ler a foto do produto de um vendedor e escolher sua categoria.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>Conjunto de dados</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>Treinar</translation>
    </message>
    <message>
        <source>Evaluate</source>
        <translation>Avaliar</translation>
    </message>
    <message>
        <source>Classify</source>
        <translation>Classificar</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Arquivo</translation>
    </message>
    <message>
        <source>&amp;New Workspace…</source>
        <translation>&amp;Novo espaço de trabalho…</translation>
    </message>
    <message>
        <source>&amp;Open Workspace…</source>
        <translation>&amp;Abrir espaço de trabalho…</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>Abrir &amp;recente</translation>
    </message>
    <message>
        <source>&amp;Import Folder…</source>
        <translation>&amp;Importar pasta…</translation>
    </message>
    <message>
        <source>Import &amp;List or CSV…</source>
        <translation>Importar &amp;lista ou CSV…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Sair</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Exibir</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>&amp;Configurações</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Idioma</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Aj&amp;uda</translation>
    </message>
    <message>
        <source>&amp;About photocat</source>
        <translation>&amp;Sobre o photocat</translation>
    </message>
    <message>
        <source>photocat</source>
        <translation>photocat</translation>
    </message>
    <message>
        <source>%1 — photocat</source>
        <translation>%1 — photocat</translation>
    </message>
    <message>
        <source>No workspace open: File ▸ New Workspace, then Import Folder.</source>
        <translation>Nenhum espaço de trabalho aberto: Arquivo ▸ Novo espaço de trabalho, depois Importar pasta.</translation>
    </message>
    <message>
        <source>Training in progress</source>
        <translation>Treinamento em andamento</translation>
    </message>
    <message>
        <source>Stop the training before opening another workspace.</source>
        <translation>Pare o treinamento antes de abrir outro espaço de trabalho.</translation>
    </message>
    <message>
        <source>Cannot open workspace</source>
        <translation>Não foi possível abrir o espaço de trabalho</translation>
    </message>
    <message numerus="yes">
        <source>%n image(s) in %1 classes; %2 skipped, %3 missing</source>
        <translation>
            <numerusform>%n imagem em %1 classes; %2 ignoradas, %3 ausentes</numerusform>
            <numerusform>%n imagens em %1 classes; %2 ignoradas, %3 ausentes</numerusform>
        </translation>
    </message>
    <message>
        <source>Reading image headers…</source>
        <translation>Lendo cabeçalhos das imagens…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Import failed</source>
        <translation>A importação falhou</translation>
    </message>
    <message>
        <source>Import cancelled: nothing was changed.</source>
        <translation>Importação cancelada: nada foi alterado.</translation>
    </message>
    <message>
        <source>Import finished</source>
        <translation>Importação concluída</translation>
    </message>
    <message>
        <source>%1 added, %2 updated, %3 unchanged, %4 missing, %5 skipped.</source>
        <translation>%1 adicionadas, %2 atualizadas, %3 sem alteração, %4 ausentes, %5 ignoradas.</translation>
    </message>
    <message>
        <source>A model is training. Stop it and quit? The last checkpoint is kept, and the run can be resumed later.</source>
        <translation>Um modelo está em treinamento. Parar e sair? O último checkpoint é mantido e o treinamento pode ser retomado depois.</translation>
    </message>
    <message>
        <source>Review</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Label</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>photocat::ui::PolicyChart</name>
    <message>
        <source>auto-assign threshold (top-1 probability)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>share auto-assigned</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>accuracy of those</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>photocat::ui::ReviewModel</name>
    <message>
        <source>unlabeled</source>
        <translation type="unfinished">sem rótulo</translation>
    </message>
    <message>
        <source>labeled %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (excluded)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (ambiguous)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1
labeled %2 (at evaluation: %3), predicted %4, loss %5</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>photocat::ui::ReviewPanel</name>
    <message>
        <source>Label-issue search cancelled; the previous queue is kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Label-issue search failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Misclassified</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Confusion cell</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Probable label errors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Highest loss first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Most confidently wrong first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cancel Search</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find Label Errors</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cross-validates a model over the training split (folds, epochs per fold) and ranks images whose label disagrees with confident out-of-sample predictions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> folds</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> epochs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move Files to Class Folders…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Relabel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>E&amp;xclude</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Ambiguous</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Redo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keys: 1–9 and 0 choose the category of that number, X excludes, A marks ambiguous, Ctrl+Z undoes, Ctrl+Shift+Z redoes. Changes are saved at once.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a workspace.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 images labeled %2 and predicted %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 training images, most likely mislabeled first</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No label-issue search yet: Find Label Errors runs one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 misclassified images of run #%2 (%3 split)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Evaluate a model first: its mistakes are listed here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save the change: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Relabel as %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Change status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cross-validating: training fold %1 of %2…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cross-validating…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move Files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every file is in its class&apos;s folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Move %1 files into the folder of their (new) class? The workspace follows them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 moved; not moved:
%2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>photocat::ui::TrainPanel</name>
    <message>
        <source>Resume from Checkpoint</source>
        <translation>Retomar do checkpoint</translation>
    </message>
    <message>
        <source>Checkpoints (*.pt)</source>
        <translation>Checkpoints (*.pt)</translation>
    </message>
    <message>
        <source>Training settings</source>
        <translation>Configurações de treinamento</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modelo</translation>
    </message>
    <message>
        <source>Width (resnet-small)</source>
        <translation>Largura (resnet-small)</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>Épocas</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>Tamanho do lote</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>Taxa de aprendizado</translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation>Otimizador</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>Agenda</translation>
    </message>
    <message>
        <source>Augmentation</source>
        <translation>Aumento de dados</translation>
    </message>
    <message>
        <source>Label smoothing</source>
        <translation>Suavização de rótulos</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Dispositivo</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>Precisão numérica</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>Semente</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>Automático</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>CUDA GPU</source>
        <translation>GPU CUDA</translation>
    </message>
    <message>
        <source>CUDA GPU (not available)</source>
        <translation>GPU CUDA (indisponível)</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>&amp;Iniciar</translation>
    </message>
    <message>
        <source>&amp;Continue</source>
        <translation>&amp;Continuar</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>&amp;Pausar</translation>
    </message>
    <message>
        <source>St&amp;op</source>
        <translation>&amp;Parar</translation>
    </message>
    <message>
        <source>&amp;Resume…</source>
        <translation>&amp;Retomar…</translation>
    </message>
    <message>
        <source>Compare Selected Runs</source>
        <translation>Comparar execuções selecionadas</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>Ao vivo</translation>
    </message>
    <message>
        <source>Compare runs</source>
        <translation>Comparar execuções</translation>
    </message>
    <message>
        <source>batch</source>
        <translation>lote</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>perda</translation>
    </message>
    <message>
        <source>loss per batch</source>
        <translation>perda por lote</translation>
    </message>
    <message>
        <source>smoothed</source>
        <translation>suavizada</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>época</translation>
    </message>
    <message>
        <source>train</source>
        <translation>treino</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>validação</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>acurácia</translation>
    </message>
    <message>
        <source>validation accuracy</source>
        <translation>acurácia de validação</translation>
    </message>
    <message>
        <source>Ready.</source>
        <translation>Pronto.</translation>
    </message>
    <message>
        <source>Open a workspace to train.</source>
        <translation>Abra um espaço de trabalho para treinar.</translation>
    </message>
    <message>
        <source>Preparing…</source>
        <translation>Preparando…</translation>
    </message>
    <message>
        <source>Paused after the current batch.</source>
        <translation>Pausado após o lote atual.</translation>
    </message>
    <message>
        <source>Continuing…</source>
        <translation>Continuando…</translation>
    </message>
    <message>
        <source>Stopping after the current batch; the checkpoint is kept.</source>
        <translation>Parando após o lote atual; o checkpoint será mantido.</translation>
    </message>
    <message>
        <source>Epoch %1 of %2, batch %3 of %4 — %5 images/s — %6 left</source>
        <translation>Época %1 de %2, lote %3 de %4 — %5 imagens/s — faltam %6</translation>
    </message>
    <message>
        <source>epoch %1: train loss %2, accuracy %3; validation loss %4, accuracy %5%6</source>
        <translation>época %1: perda de treino %2, acurácia %3; perda de validação %4, acurácia %5%6</translation>
    </message>
    <message>
        <source> (best)</source>
        <translation> (melhor)</translation>
    </message>
    <message>
        <source>Training failed: %1</source>
        <translation>O treinamento falhou: %1</translation>
    </message>
    <message>
        <source>Stopped. The last checkpoint is kept; Resume continues from it.</source>
        <translation>Parado. O último checkpoint foi mantido; Retomar continua a partir dele.</translation>
    </message>
    <message>
        <source>Finished. Best model: %1</source>
        <translation>Concluído. Melhor modelo: %1</translation>
    </message>
    <message>
        <source>#%1 %2 — %3, best %4</source>
        <translation>#%1 %2 — %3, melhor %4</translation>
    </message>
    <message>
        <source>best validation accuracy</source>
        <translation>melhor acurácia de validação</translation>
    </message>
    <message>
        <source>Pretrained Weights</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Weights (*.pth *.pt *.safetensors *.bin);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transfer learning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pretrained weights</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fine-tuning</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stages trained</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Head-only epochs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backbone learning-rate scale</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none: random initialization</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Full fine-tune</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Linear probe (head only)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last stages and head</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Two-phase: head, then all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Linear probe on cached features</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>automatic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1, %2 tensors, %3 M parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>; looks like %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>; head of %1 classes, replaced for this workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot use this file: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Computing backbone features once: %1 of %2 images</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Training the head on cached features: epoch %1 of %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
