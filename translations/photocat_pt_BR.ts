<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pt_BR">
<context>
    <name>RunStatus</name>
    <message>
        <source>running</source>
        <translation>em execução</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>concluído</translation>
    </message>
    <message>
        <source>stopped early</source>
        <translation>parado antecipadamente</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>interrompido</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>falhou</translation>
    </message>
    <message>
        <source>imported</source>
        <translation>importado</translation>
    </message>
</context>
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
        <source>No model to classify with: train one or choose a checkpoint.</source>
        <translation>Nenhum modelo para classificar: treine um ou escolha um checkpoint.</translation>
    </message>
    <message>
        <source>Cannot classify: %1</source>
        <translation>Não foi possível classificar: %1</translation>
    </message>
    <message>
        <source>Cannot load model %1: %2</source>
        <translation>Não foi possível carregar o modelo %1: %2</translation>
    </message>
</context>
<context>
    <name>photocat::ui::ConfusionPlot</name>
    <message>
        <source>predicted</source>
        <translation>prevista</translation>
    </message>
    <message>
        <source>true</source>
        <translation>real</translation>
    </message>
    <message>
        <source>true %1, predicted %2: %3 images (%4% of the row). Click to review them.</source>
        <translation>real %1, prevista %2: %3 imagens (%4% da linha). Clique para revisá-las.</translation>
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
        <translation>Avaliação cancelada.</translation>
    </message>
    <message>
        <source>Evaluation failed: %1</source>
        <translation>A avaliação falhou: %1</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exportar</translation>
    </message>
    <message>
        <source>Confusion matrix as CSV…</source>
        <translation>Matriz de confusão como CSV…</translation>
    </message>
    <message>
        <source>Confusion matrix as PNG or PDF…</source>
        <translation>Matriz de confusão como PNG ou PDF…</translation>
    </message>
    <message>
        <source>Per-image predictions as CSV…</source>
        <translation>Previsões por imagem como CSV…</translation>
    </message>
    <message>
        <source>Evaluation report (HTML or PDF)…</source>
        <translation>Relatório de avaliação (HTML ou PDF)…</translation>
    </message>
    <message>
        <source>category</source>
        <translation>categoria</translation>
    </message>
    <message>
        <source>precision</source>
        <translation>precisão</translation>
    </message>
    <message>
        <source>recall</source>
        <translation>revocação</translation>
    </message>
    <message>
        <source>F1</source>
        <translation>F1</translation>
    </message>
    <message>
        <source>images</source>
        <translation>imagens</translation>
    </message>
    <message>
        <source>Choose a model and a split, then Evaluate.</source>
        <translation>Escolha um modelo e uma divisão e clique em Avaliar.</translation>
    </message>
    <message>
        <source>#%1 %2 (%3, val %4)</source>
        <translation>#%1 %2 (%3, val. %4)</translation>
    </message>
    <message>
        <source>%1 images of the %2. Click a cell of the matrix to review its images.</source>
        <translation>%1 imagens — %2. Clique em uma célula da matriz para revisar suas imagens.</translation>
    </message>
    <message>
        <source>accuracy
%1%</source>
        <translation>acurácia
%1%</translation>
    </message>
    <message>
        <source>top-%1
%2%</source>
        <translation>top-%1
%2%</translation>
    </message>
    <message>
        <source>macro F1
%1</source>
        <translation>F1 macro
%1</translation>
    </message>
    <message>
        <source>images
%1</source>
        <translation>imagens
%1</translation>
    </message>
    <message>
        <source>Auto-assign at %1, shortlist at %2: %3% of uploads categorized automatically (%4% right), %5% shortlisted (truth in the list %6%), %7% manual. Drag the lines to move the thresholds.</source>
        <translation>Atribuição automática a partir de %1, lista curta a partir de %2: %3% dos envios categorizados automaticamente (%4% corretos), %5% na lista curta (categoria certa na lista em %6%), %7% manuais. Arraste as linhas para mover os limiares.</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>Não foi possível gravar %1: %2</translation>
    </message>
    <message>
        <source>Cannot write %1</source>
        <translation>Não foi possível gravar %1</translation>
    </message>
    <message>
        <source>Evaluation failed: none of the split&apos;s images could be read.</source>
        <translation>A avaliação falhou: nenhuma imagem da divisão pôde ser lida.</translation>
    </message>
    <message>
        <source>Mirror averaging</source>
        <translation>Média com a imagem espelhada</translation>
    </message>
    <message>
        <source>Test-time augmentation: average each photo&apos;s prediction with its mirror image&apos;s (twice the time)</source>
        <translation>Aumento de dados no teste: faz a média da previsão de cada foto com a da sua imagem espelhada (leva o dobro do tempo)</translation>
    </message>
    <message>
        <source>Cannot list the workspace&apos;s runs: %1</source>
        <translation>Não foi possível listar as execuções do espaço de trabalho: %1</translation>
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
        <translation>Importar fotos sem rótulo</translation>
    </message>
    <message>
        <source>Import Unlabeled Photos…</source>
        <translation>Importar fotos sem rótulo…</translation>
    </message>
    <message>
        <source>Refresh Suggestions</source>
        <translation>Atualizar sugestões</translation>
    </message>
    <message>
        <source>Accept</source>
        <translation>Aceitar</translation>
    </message>
    <message>
        <source>Skip</source>
        <translation>Pular</translation>
    </message>
    <message>
        <source>Keys: Enter accepts the selected category, 1–9 and 0 label with that category, S skips, Ctrl+Z undoes. Labeled photos join their category and the training split.</source>
        <translation>Teclas: Enter aceita a categoria selecionada, 1–9 e 0 rotulam com essa categoria, S pula, Ctrl+Z desfaz. As fotos rotuladas entram em sua categoria e na divisão de treino.</translation>
    </message>
    <message>
        <source>Ordering the pool by the model&apos;s uncertainty…</source>
        <translation>Ordenando o acervo pela incerteza do modelo…</translation>
    </message>
    <message>
        <source>Importing %1…</source>
        <translation>Importando %1…</translation>
    </message>
    <message>
        <source>Suggestions unavailable: %1</source>
        <translation>Sugestões indisponíveis: %1</translation>
    </message>
    <message>
        <source>Nothing left to label. Import unlabeled photos to grow the pool.</source>
        <translation>Nada mais para rotular. Importe fotos sem rótulo para ampliar o acervo.</translation>
    </message>
    <message>
        <source>Open a workspace.</source>
        <translation>Abra um espaço de trabalho.</translation>
    </message>
    <message>
        <source>%1 left. Suggestion: %2 (%3%). %4</source>
        <translation>Faltam %1. Sugestão: %2 (%3%). %4</translation>
    </message>
    <message>
        <source>%1 left (no model yet: train one for suggestions). %2</source>
        <translation>Faltam %1 (ainda não há modelo: treine um para obter sugestões). %2</translation>
    </message>
    <message>
        <source>Could not save the label: %1</source>
        <translation>Não foi possível salvar o rótulo: %1</translation>
    </message>
    <message>
        <source>Label as %1</source>
        <translation>Rotular como %1</translation>
    </message>
    <message>
        <source>Cannot read the unlabeled pool: %1</source>
        <translation>Não foi possível ler o conjunto de fotos sem rótulo: %1</translation>
    </message>
</context>
<context>
    <name>photocat::ui::LiveCurves</name>
    <message>
        <source>epoch %1: train loss %2, accuracy %3; validation loss %4, accuracy %5%6</source>
        <translation>época %1: perda de treino %2, acurácia %3; perda de validação %4, acurácia %5%6</translation>
    </message>
    <message>
        <source> (best)</source>
        <translation> (melhor)</translation>
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
        <source>Lists and RecordIO (*.lst *.csv *.rec)</source>
        <translation>Listas e RecordIO (*.lst *.csv *.rec)</translation>
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
        <translation>Revisar</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Rotular</translation>
    </message>
</context>
<context>
    <name>photocat::ui::PolicyChart</name>
    <message>
        <source>auto-assign threshold (top-1 probability)</source>
        <translation>limiar de atribuição automática (probabilidade top-1)</translation>
    </message>
    <message>
        <source>share auto-assigned</source>
        <translation>fração atribuída automaticamente</translation>
    </message>
    <message>
        <source>accuracy of those</source>
        <translation>acurácia dessas</translation>
    </message>
</context>
<context>
    <name>photocat::ui::ReviewModel</name>
    <message>
        <source>unlabeled</source>
        <translation>sem rótulo</translation>
    </message>
    <message>
        <source>labeled %1</source>
        <translation>rotulada como %1</translation>
    </message>
    <message>
        <source> (excluded)</source>
        <translation> (excluída)</translation>
    </message>
    <message>
        <source> (ambiguous)</source>
        <translation> (ambígua)</translation>
    </message>
    <message>
        <source>%1
labeled %2 (at evaluation: %3), predicted %4, loss %5</source>
        <translation>%1
rotulada como %2 (na avaliação: %3), prevista como %4, perda %5</translation>
    </message>
</context>
<context>
    <name>photocat::ui::ReviewPanel</name>
    <message>
        <source>Label-issue search cancelled; the previous queue is kept.</source>
        <translation>Busca de problemas de rótulo cancelada; a fila anterior foi mantida.</translation>
    </message>
    <message>
        <source>Label-issue search failed: %1</source>
        <translation>A busca de problemas de rótulo falhou: %1</translation>
    </message>
    <message>
        <source>Misclassified</source>
        <translation>Classificadas incorretamente</translation>
    </message>
    <message>
        <source>Confusion cell</source>
        <translation>Célula da matriz de confusão</translation>
    </message>
    <message>
        <source>Probable label errors</source>
        <translation>Prováveis erros de rótulo</translation>
    </message>
    <message>
        <source>Highest loss first</source>
        <translation>Maior perda primeiro</translation>
    </message>
    <message>
        <source>Most confidently wrong first</source>
        <translation>Erros mais confiantes primeiro</translation>
    </message>
    <message>
        <source>Cancel Search</source>
        <translation>Cancelar busca</translation>
    </message>
    <message>
        <source>Find Label Errors</source>
        <translation>Encontrar erros de rótulo</translation>
    </message>
    <message>
        <source>Cross-validates a model over the training split (folds, epochs per fold) and ranks images whose label disagrees with confident out-of-sample predictions.</source>
        <translation>Faz a validação cruzada de um modelo na divisão de treino (partições, épocas por partição) e ordena as imagens cujo rótulo discorda de previsões confiantes fora da amostra.</translation>
    </message>
    <message>
        <source> folds</source>
        <translation> partições</translation>
    </message>
    <message>
        <source> epochs</source>
        <translation> épocas</translation>
    </message>
    <message>
        <source>Move Files to Class Folders…</source>
        <translation>Mover arquivos para as pastas das classes…</translation>
    </message>
    <message>
        <source>&amp;Relabel</source>
        <translation>Alterar &amp;rótulo</translation>
    </message>
    <message>
        <source>E&amp;xclude</source>
        <translation>E&amp;xcluir</translation>
    </message>
    <message>
        <source>&amp;Ambiguous</source>
        <translation>&amp;Ambígua</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Desfazer</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>Refazer</translation>
    </message>
    <message>
        <source>Keys: 1–9 and 0 choose the category of that number, X excludes, A marks ambiguous, Ctrl+Z undoes, Ctrl+Shift+Z redoes. Changes are saved at once.</source>
        <translation>Teclas: 1–9 e 0 escolhem a categoria com esse número, X exclui, A marca como ambígua, Ctrl+Z desfaz, Ctrl+Shift+Z refaz. As alterações são salvas imediatamente.</translation>
    </message>
    <message>
        <source>Open a workspace.</source>
        <translation>Abra um espaço de trabalho.</translation>
    </message>
    <message>
        <source>%1 images labeled %2 and predicted %3</source>
        <translation>%1 imagens rotuladas como %2 e previstas como %3</translation>
    </message>
    <message>
        <source>%1 training images, most likely mislabeled first</source>
        <translation>%1 imagens de treino, as com maior chance de rótulo errado primeiro</translation>
    </message>
    <message>
        <source>No label-issue search yet: Find Label Errors runs one.</source>
        <translation>Nenhuma busca de problemas de rótulo ainda: Encontrar erros de rótulo executa uma.</translation>
    </message>
    <message>
        <source>%1 misclassified images of run #%2 (%3 split)</source>
        <translation>%1 imagens classificadas incorretamente da execução #%2 (divisão %3)</translation>
    </message>
    <message>
        <source>Evaluate a model first: its mistakes are listed here.</source>
        <translation>Avalie um modelo primeiro: os erros dele são listados aqui.</translation>
    </message>
    <message>
        <source>Could not save the change: %1</source>
        <translation>Não foi possível salvar a alteração: %1</translation>
    </message>
    <message>
        <source>Relabel as %1</source>
        <translation>Alterar rótulo para %1</translation>
    </message>
    <message>
        <source>Change status</source>
        <translation>Alterar status</translation>
    </message>
    <message>
        <source>Cross-validating: training fold %1 of %2…</source>
        <translation>Validação cruzada: treinando a partição %1 de %2…</translation>
    </message>
    <message>
        <source>Cross-validating…</source>
        <translation>Executando validação cruzada…</translation>
    </message>
    <message>
        <source>Move Files</source>
        <translation>Mover arquivos</translation>
    </message>
    <message>
        <source>Every file is in its class&apos;s folder.</source>
        <translation>Todos os arquivos estão na pasta de sua classe.</translation>
    </message>
    <message>
        <source>Move %1 files into the folder of their (new) class? The workspace follows them.</source>
        <translation>Mover %1 arquivos para a pasta de sua (nova) classe? O espaço de trabalho os acompanha.</translation>
    </message>
    <message>
        <source>%1 moved; not moved:
%2</source>
        <translation>%1 movidos; não movidos:
%2</translation>
    </message>
    <message>
        <source>No images in this cell.</source>
        <translation>Nenhuma imagem nesta célula.</translation>
    </message>
    <message>
        <source>Moving files…</source>
        <translation>Movendo arquivos…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
</context>
<context>
    <name>photocat::ui::RunComparison</name>
    <message>
        <source>best validation accuracy</source>
        <translation>melhor acurácia de validação</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>época</translation>
    </message>
    <message>
        <source>validation accuracy</source>
        <translation>acurácia de validação</translation>
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
        <source>Computing backbone features once: %1 of %2 images</source>
        <translation>Calculando as características do backbone uma vez: %1 de %2 imagens</translation>
    </message>
    <message>
        <source>Training the head on cached features: epoch %1 of %2</source>
        <translation>Treinando a cabeça com características em cache: época %1 de %2</translation>
    </message>
    <message>
        <source>Reading the weights file; training starts when it is read…</source>
        <translation>Lendo o arquivo de pesos; o treinamento começa quando a leitura terminar…</translation>
    </message>
</context>
<context>
    <name>photocat::ui::TrainSettingsForm</name>
    <message>
        <source>Pretrained Weights</source>
        <translation>Pesos pré-treinados</translation>
    </message>
    <message>
        <source>Weights (*.pth *.pt *.safetensors *.bin);;All files (*)</source>
        <translation>Pesos (*.pth *.pt *.safetensors *.bin);;Todos os arquivos (*)</translation>
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
        <source>Transfer learning</source>
        <translation>Aprendizado por transferência</translation>
    </message>
    <message>
        <source>Pretrained weights</source>
        <translation>Pesos pré-treinados</translation>
    </message>
    <message>
        <source>Fine-tuning</source>
        <translation>Ajuste fino</translation>
    </message>
    <message>
        <source>Stages trained</source>
        <translation>Estágios treinados</translation>
    </message>
    <message>
        <source>Head-only epochs</source>
        <translation>Épocas só da cabeça</translation>
    </message>
    <message>
        <source>Backbone learning-rate scale</source>
        <translation>Escala da taxa de aprendizado do backbone</translation>
    </message>
    <message>
        <source>none: random initialization</source>
        <translation>nenhum: inicialização aleatória</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Procurar…</translation>
    </message>
    <message>
        <source>Full fine-tune</source>
        <translation>Ajuste fino completo</translation>
    </message>
    <message>
        <source>Linear probe (head only)</source>
        <translation>Sonda linear (só a cabeça)</translation>
    </message>
    <message>
        <source>Last stages and head</source>
        <translation>Últimos estágios e cabeça</translation>
    </message>
    <message>
        <source>Two-phase: head, then all</source>
        <translation>Duas fases: cabeça, depois tudo</translation>
    </message>
    <message>
        <source>Linear probe on cached features</source>
        <translation>Sonda linear sobre características em cache</translation>
    </message>
    <message>
        <source>automatic</source>
        <translation>automático</translation>
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
        <source>Reading %1…</source>
        <translation>Lendo %1…</translation>
    </message>
    <message>
        <source>Cannot use this file: %1</source>
        <translation>Não foi possível usar este arquivo: %1</translation>
    </message>
    <message>
        <source>%1, %2 tensors, %3 M parameters</source>
        <translation>%1, %2 tensores, %3 M parâmetros</translation>
    </message>
    <message>
        <source>; looks like %1</source>
        <translation>; parece ser %1</translation>
    </message>
    <message>
        <source>; head of %1 classes, replaced for this workspace</source>
        <translation>; cabeça de %1 classes, substituída para este espaço de trabalho</translation>
    </message>
</context>
</TS>
