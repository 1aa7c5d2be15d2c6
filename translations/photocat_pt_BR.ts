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
    <message>
        <source>Ser&amp;ve This Model…</source>
        <translation>&amp;Servir este modelo…</translation>
    </message>
    <message>
        <source>Run the HTTP endpoint (SageMaker&apos;s /invocations, /v1/classify and the seller&apos;s page) for this model</source>
        <translation>Executa o endpoint HTTP (/invocations do SageMaker, /v1/classify e a página do vendedor) para este modelo</translation>
    </message>
    <message>
        <source>Show &amp;why</source>
        <translation>Mostrar o &amp;porquê</translation>
    </message>
    <message>
        <source>Show where each photo holds the evidence for its suggested category (Grad-CAM heat map: red is the strongest)</source>
        <translation>Mostra onde cada foto contém as evidências da categoria sugerida (mapa de calor Grad-CAM: vermelho é o mais forte)</translation>
    </message>
    <message>
        <source>Heat map opacity</source>
        <translation>Opacidade do mapa de calor</translation>
    </message>
    <message>
        <source>Chosen for this model on its validation photos:
%1</source>
        <translation>Definidos para este modelo com base nas fotos de validação dele:
%1</translation>
    </message>
    <message>
        <source>Where the photo holds the evidence for %1 (red: the strongest)</source>
        <translation>Onde a foto contém as evidências de %1 (vermelho: as mais fortes)</translation>
    </message>
    <message>
        <source>More like this</source>
        <translation>Mais parecidas com esta</translation>
    </message>
    <message>
        <source>The workspace&apos;s images most similar to this photo</source>
        <translation>As imagens do espaço de trabalho mais parecidas com esta foto</translation>
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
    <message>
        <source>Map</source>
        <translation>Mapa</translation>
    </message>
    <message>
        <source>The map places images by a model&apos;s features: train a model first (the Train page).</source>
        <translation>O mapa posiciona as imagens pelas características de um modelo: treine um modelo primeiro (página Treinar).</translation>
    </message>
    <message numerus="yes">
        <source>Map selection (%n) ✕</source>
        <translation>
            <numerusform>Seleção do mapa (%n) ✕</numerusform>
            <numerusform>Seleção do mapa (%n) ✕</numerusform>
        </translation>
    </message>
    <message>
        <source>Category Names</source>
        <translation>Nomes das categorias</translation>
    </message>
    <message>
        <source>folder</source>
        <translation>pasta</translation>
    </message>
    <message>
        <source>name shown</source>
        <translation>nome exibido</translation>
    </message>
    <message>
        <source>Tile size (Ctrl+wheel over the gallery)</source>
        <translation>Tamanho das miniaturas (Ctrl+roda do mouse sobre a galeria)</translation>
    </message>
    <message>
        <source>Find D&amp;uplicates…</source>
        <translation>Encontrar d&amp;uplicatas…</translation>
    </message>
    <message>
        <source>Near-identical images (resized, recompressed, mirrored copies); leaks across splits and copies with different labels first</source>
        <translation>Imagens quase idênticas (cópias redimensionadas, recomprimidas, espelhadas); vazamentos entre divisões e cópias com rótulos diferentes primeiro</translation>
    </message>
    <message>
        <source>&amp;Map…</source>
        <translation>&amp;Mapa…</translation>
    </message>
    <message>
        <source>Every image placed by the newest model&apos;s features: similar images lie close. Colour by label, prediction or mistakes; select a region to see its images here</source>
        <translation>Todas as imagens posicionadas pelas características do modelo mais recente: imagens semelhantes ficam próximas. Cores por rótulo, previsão ou erros; selecione uma região para ver as imagens dela aqui</translation>
    </message>
    <message>
        <source>Show every image again</source>
        <translation>Mostrar todas as imagens novamente</translation>
    </message>
    <message>
        <source>Category &amp;Names…</source>
        <translation>&amp;Nomes das categorias…</translation>
    </message>
    <message>
        <source>The names people read for each category (&quot;T-shirt/top&quot;), separate from the folder names</source>
        <translation>Os nomes que as pessoas leem para cada categoria (&quot;Camiseta/blusa&quot;), separados dos nomes das pastas</translation>
    </message>
    <message>
        <source>Show &amp;why</source>
        <translation>Mostrar o &amp;porquê</translation>
    </message>
    <message>
        <source>Where the photo holds the evidence for the newest model&apos;s suggestion (Grad-CAM heat map)</source>
        <translation>Onde a foto contém as evidências da sugestão do modelo mais recente (mapa de calor Grad-CAM)</translation>
    </message>
    <message>
        <source>Heat map opacity</source>
        <translation>Opacidade do mapa de calor</translation>
    </message>
    <message>
        <source>evidence for %1 (%2%)</source>
        <translation>evidências de %1 (%2%)</translation>
    </message>
    <message>
        <source>cannot explain this photo</source>
        <translation>não foi possível explicar esta foto</translation>
    </message>
    <message>
        <source>More Like This</source>
        <translation>Mais parecidas com esta</translation>
    </message>
    <message>
        <source>The workspace&apos;s images most similar to this one, by the newest model&apos;s features</source>
        <translation>As imagens do espaço de trabalho mais parecidas com esta, pelas características do modelo mais recente</translation>
    </message>
</context>
<context>
    <name>photocat::ui::DuplicatesDialog</name>
    <message>
        <source>Near-Duplicates</source>
        <translation>Quase duplicatas</translation>
    </message>
    <message>
        <source>Hash bits that may differ:</source>
        <translation>Bits de hash que podem diferir:</translation>
    </message>
    <message>
        <source>Also by the model&apos;s &amp;features</source>
        <translation>Também pelas &amp;características do modelo</translation>
    </message>
    <message>
        <source>Copies a hash does not see (crops, another photo of the same item): features of the newest model at cosine similarity ≥ 0.999</source>
        <translation>Cópias que um hash não detecta (recortes, outra foto do mesmo item): características do modelo mais recente com similaridade de cosseno ≥ 0.999</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Buscar</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>image</source>
        <translation>imagem</translation>
    </message>
    <message>
        <source>split</source>
        <translation>divisão</translation>
    </message>
    <message>
        <source>label</source>
        <translation>rótulo</translation>
    </message>
    <message>
        <source>Hashing every image, then comparing all pairs…</source>
        <translation>Calculando o hash de cada imagem e depois comparando todos os pares…</translation>
    </message>
    <message>
        <source>comparing by features needs a trained model</source>
        <translation>a comparação por características requer um modelo treinado</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Cancelado.</translation>
    </message>
    <message>
        <source>Cannot search: %1</source>
        <translation>Não foi possível buscar: %1</translation>
    </message>
    <message>
        <source>%1 images hashed in %2 s, all pairs compared in %3 s: %4 groups of near-identical images (%5 redundant copies); %6 cross splits, %7 disagree on the label.</source>
        <translation>Hash de %1 imagens calculado em %2 s, todos os pares comparados em %3 s: %4 grupos de imagens quase idênticas (%5 cópias redundantes); %6 abrangem mais de uma divisão, %7 têm rótulos divergentes.</translation>
    </message>
    <message numerus="yes">
        <source>Model features: %n pair(s) at cosine ≥ 0.999 in %1 s.</source>
        <translation>
            <numerusform>Características do modelo: %n par com cosseno ≥ 0.999 em %1 s.</numerusform>
            <numerusform>Características do modelo: %n pares com cosseno ≥ 0.999 em %1 s.</numerusform>
        </translation>
    </message>
    <message>
        <source>labels disagree</source>
        <translation>rótulos divergentes</translation>
    </message>
    <message>
        <source>leak across splits</source>
        <translation>vazamento entre divisões</translation>
    </message>
    <message>
        <source>by features</source>
        <translation>por características</translation>
    </message>
    <message>
        <source>%1 images, distance ≤ %2</source>
        <translation>%1 imagens, distância ≤ %2</translation>
    </message>
    <message>
        <source>unlabeled</source>
        <translation>sem rótulo</translation>
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
    <message>
        <source>Choosing thresholds failed: %1</source>
        <translation>A escolha dos limiares falhou: %1</translation>
    </message>
    <message>
        <source>Choosing thresholds on the validation split…</source>
        <translation>Escolhendo os limiares na divisão de validação…</translation>
    </message>
    <message>
        <source>Auto-assign at &amp;precision:</source>
        <translation>Atribuição automática com &amp;precisão:</translation>
    </message>
    <message>
        <source>shortlists &amp;holding the truth:</source>
        <translation>&amp;listas curtas com a categoria certa:</translation>
    </message>
    <message>
        <source>as they are</source>
        <translation>como estão</translation>
    </message>
    <message>
        <source>C&amp;hoose Thresholds</source>
        <translation>&amp;Escolher limiares</translation>
    </message>
    <message>
        <source>Choose the auto-assign threshold and shortlist length on the validation split so that these hold on new photos with 95% confidence, and store them with the model (predict, serve and the Classify page use them)</source>
        <translation>Escolhe o limiar de atribuição automática e o tamanho da lista curta na divisão de validação para que essas metas se mantenham em fotos novas com 95% de confiança, e os armazena com o modelo (predict, serve e a página Classificar os utilizam)</translation>
    </message>
    <message>
        <source>
The model&apos;s auto-assign threshold %1 was chosen for %2% precision on %3 validation photos%4; on these photos it gives %5% precision over %6% of them.</source>
        <translation>
O limiar de atribuição automática do modelo, %1, foi escolhido para %2% de precisão em %3 fotos de validação%4; nestas fotos, ele dá %5% de precisão em %6% delas.</translation>
    </message>
    <message>
        <source> (not reachable: auto-assignment off)</source>
        <translation> (inatingível: atribuição automática desativada)</translation>
    </message>
    <message>
        <source>
Shortlists grow to %1 of the probability for the truth in them %2% of the time; here %3%.</source>
        <translation>
As listas curtas crescem até %1 da probabilidade para conter a categoria certa em %2% das vezes; aqui, em %3%.</translation>
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
    <name>photocat::ui::MapDialog</name>
    <message>
        <source>Map of the Images</source>
        <translation>Mapa das imagens</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Rótulo</translation>
    </message>
    <message>
        <source>Prediction</source>
        <translation>Previsão</translation>
    </message>
    <message>
        <source>Right or wrong</source>
        <translation>Acerto ou erro</translation>
    </message>
    <message>
        <source>Pan and zoom</source>
        <translation>Mover e ampliar</translation>
    </message>
    <message>
        <source>Box select</source>
        <translation>Seleção retangular</translation>
    </message>
    <message>
        <source>Lasso select</source>
        <translation>Seleção em laço</translation>
    </message>
    <message>
        <source>Drag to select; hold Shift to add to the selection. The wheel zooms.</source>
        <translation>Arraste para selecionar; segure Shift para adicionar à seleção. A roda do mouse aplica zoom.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Show in &amp;Gallery</source>
        <translation>Mostrar na &amp;galeria</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Fechar</translation>
    </message>
    <message>
        <source>Colour by:</source>
        <translation>Colorir por:</translation>
    </message>
    <message>
        <source>Tool:</source>
        <translation>Ferramenta:</translation>
    </message>
    <message numerus="yes">
        <source>%n image(s) placed by the model&apos;s features: features %1 s (%2), %3. Drag to pan, wheel to zoom; choose a selection tool to pick images.</source>
        <translation>
            <numerusform>%n imagem posicionada pelas características do modelo: características %1 s (%2), %3. Arraste para mover, use a roda do mouse para zoom; escolha uma ferramenta de seleção para selecionar imagens.</numerusform>
            <numerusform>%n imagens posicionadas pelas características do modelo: características %1 s (%2), %3. Arraste para mover, use a roda do mouse para zoom; escolha uma ferramenta de seleção para selecionar imagens.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 computed</source>
        <translation>%1 calculadas</translation>
    </message>
    <message>
        <source>from the cache</source>
        <translation>do cache</translation>
    </message>
    <message>
        <source>layout from the cache</source>
        <translation>layout do cache</translation>
    </message>
    <message>
        <source>PCA %1 s, neighbours %2 s, UMAP layout %3 s</source>
        <translation>PCA %1 s, vizinhos %2 s, layout UMAP %3 s</translation>
    </message>
    <message>
        <source>unlabeled</source>
        <translation>sem rótulo</translation>
    </message>
    <message>
        <source>%1 (%2)
predicted %3 at %4%</source>
        <translation>%1 (%2)
prevista como %3 com %4%</translation>
    </message>
    <message>
        <source>Reading the model&apos;s features of every image…</source>
        <translation>Obtendo as características do modelo para cada imagem…</translation>
    </message>
    <message>
        <source>Features of %1 of %2 images…</source>
        <translation>Características de %1 de %2 imagens…</translation>
    </message>
    <message>
        <source>Laying out the map (UMAP)…</source>
        <translation>Montando o mapa (UMAP)…</translation>
    </message>
    <message>
        <source>Finding each image&apos;s nearest neighbours…</source>
        <translation>Encontrando os vizinhos mais próximos de cada imagem…</translation>
    </message>
    <message>
        <source>Cancelled; the features computed so far are kept for next time.</source>
        <translation>Cancelado; as características calculadas até agora ficam guardadas para a próxima vez.</translation>
    </message>
    <message>
        <source>No image could be placed: the workspace has no readable image.</source>
        <translation>Nenhuma imagem pôde ser posicionada: o espaço de trabalho não tem imagens legíveis.</translation>
    </message>
    <message>
        <source>Cannot map the images: %1</source>
        <translation>Não foi possível mapear as imagens: %1</translation>
    </message>
    <message>
        <source>right</source>
        <translation>corretas</translation>
    </message>
    <message>
        <source>wrong</source>
        <translation>erradas</translation>
    </message>
    <message>
        <source>selected</source>
        <translation>selecionadas</translation>
    </message>
    <message numerus="yes">
        <source>%n image(s) selected: %1; %2 predicted wrong.</source>
        <translation>
            <numerusform>%n imagem selecionada: %1; %2 com previsão errada.</numerusform>
            <numerusform>%n imagens selecionadas: %1; %2 com previsão errada.</numerusform>
        </translation>
    </message>
    <message>
        <source>Not cached: %1</source>
        <translation>Não armazenado em cache: %1</translation>
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
    <message>
        <source>No trained model to explain with: train one first.</source>
        <translation>Nenhum modelo treinado para gerar a explicação: treine um primeiro.</translation>
    </message>
    <message>
        <source>Show &amp;why</source>
        <translation>Mostrar o &amp;porquê</translation>
    </message>
    <message>
        <source>Where the photo holds the evidence for a category (Grad-CAM heat map of the reviewed model: red is the strongest)</source>
        <translation>Onde a foto contém as evidências de uma categoria (mapa de calor Grad-CAM do modelo em revisão: vermelho é o mais forte)</translation>
    </message>
    <message>
        <source>for the prediction</source>
        <translation>para a previsão</translation>
    </message>
    <message>
        <source>for the label</source>
        <translation>para o rótulo</translation>
    </message>
    <message>
        <source>Heat map opacity</source>
        <translation>Opacidade do mapa de calor</translation>
    </message>
    <message>
        <source>Tile size (Ctrl+wheel over the images)</source>
        <translation>Tamanho das miniaturas (Ctrl+roda do mouse sobre as imagens)</translation>
    </message>
    <message>
        <source>More Like This</source>
        <translation>Mais parecidas com esta</translation>
    </message>
    <message>
        <source>The workspace&apos;s images most similar to this one, by the reviewed model&apos;s features</source>
        <translation>As imagens do espaço de trabalho mais parecidas com esta, pelas características do modelo em revisão</translation>
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
    <name>photocat::ui::ServeDialog</name>
    <message>
        <source>No trained model yet: train one first.</source>
        <translation>Ainda não há modelo treinado: treine um primeiro.</translation>
    </message>
    <message>
        <source>Model: %1</source>
        <translation>Modelo: %1</translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation>&amp;Parar</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>&amp;Iniciar</translation>
    </message>
    <message>
        <source>Could not start: %1</source>
        <translation>Não foi possível iniciar: %1</translation>
    </message>
    <message>
        <source>Loading the model…</source>
        <translation>Carregando o modelo…</translation>
    </message>
    <message>
        <source>Serving on &lt;a href=&quot;%1&quot;&gt;%1&lt;/a&gt; — the seller&apos;s page; POST photos to %1invocations or %1v1/classify</source>
        <translation>Servindo em &lt;a href=&quot;%1&quot;&gt;%1&lt;/a&gt; — a página do vendedor; envie fotos via POST para %1invocations ou %1v1/classify</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>Parado.</translation>
    </message>
    <message numerus="yes">
        <source>%n request(s) answered, %1 refused; decisions: %2 auto, %3 shortlist, %4 manual</source>
        <translation>
            <numerusform>%n requisição respondida, %1 recusadas; decisões: %2 automáticas, %3 lista curta, %4 manuais</numerusform>
            <numerusform>%n requisições respondidas, %1 recusadas; decisões: %2 automáticas, %3 lista curta, %4 manuais</numerusform>
        </translation>
    </message>
    <message>
        <source>Serve This Model</source>
        <translation>Servir este modelo</translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation>P&amp;orta:</translation>
    </message>
    <message>
        <source>any free port</source>
        <translation>qualquer porta livre</translation>
    </message>
    <message>
        <source>&amp;Reachable from other machines (listen on all addresses)</source>
        <translation>&amp;Acessível de outras máquinas (escutar em todos os endereços)</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>&amp;Fechar</translation>
    </message>
</context>
<context>
    <name>photocat::ui::SimilarDialog</name>
    <message>
        <source>More Like This</source>
        <translation>Mais parecidas com esta</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>The %1 most similar of %2 images by the model&apos;s features (cosine similarity): features %3 in %4 s, search %5 ms.</source>
        <translation>As %1 mais parecidas entre %2 imagens pelas características do modelo (similaridade de cosseno): características %3 em %4 s, busca em %5 ms.</translation>
    </message>
    <message>
        <source>of %1 images computed</source>
        <translation>de %1 imagens calculadas</translation>
    </message>
    <message>
        <source>from the cache</source>
        <translation>do cache</translation>
    </message>
    <message>
        <source>Reading the model&apos;s features of every image…</source>
        <translation>Obtendo as características do modelo para cada imagem…</translation>
    </message>
    <message>
        <source>Cancelled; the features computed so far are kept for next time.</source>
        <translation>Cancelado; as características calculadas até agora ficam guardadas para a próxima vez.</translation>
    </message>
    <message>
        <source>this image could not be read</source>
        <translation>não foi possível ler esta imagem</translation>
    </message>
    <message>
        <source>unlabeled</source>
        <translation>sem rótulo</translation>
    </message>
    <message>
        <source>Cannot find similar images: %1</source>
        <translation>Não foi possível encontrar imagens parecidas: %1</translation>
    </message>
    <message>
        <source>Not cached: %1</source>
        <translation>Não armazenado em cache: %1</translation>
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
    <message>
        <source>Run #%1 in another process: %2.</source>
        <translation>Execução #%1 em outro processo: %2.</translation>
    </message>
    <message>
        <source>removed</source>
        <translation>removida</translation>
    </message>
    <message>
        <source>Following run #%1 “%2”, which another process is training (photocat-cli from a terminal, launch or srun).</source>
        <translation>Acompanhando a execução #%1 “%2”, que outro processo está treinando (photocat-cli em um terminal, launch ou srun).</translation>
    </message>
    <message>
        <source>Run #%1 “%2” is training in another process: %3 of %4 epochs done.</source>
        <translation>A execução #%1 “%2” está treinando em outro processo: %3 de %4 épocas concluídas.</translation>
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
    <message>
        <source>Processes</source>
        <translation>Processos</translation>
    </message>
    <message>
        <source>Synchronized BatchNorm</source>
        <translation>BatchNorm sincronizada</translation>
    </message>
    <message>
        <source>Train as this many processes on this machine, each on its share of every batch (the global batch is batch size × processes). 1: inside the app.</source>
        <translation>Treina com este número de processos nesta máquina, cada um com sua parte de cada lote (o lote global é tamanho do lote × processos). 1: dentro do aplicativo.</translation>
    </message>
    <message>
        <source>With several processes: BatchNorm statistics over the global batch instead of each process&apos;s share.</source>
        <translation>Com vários processos: estatísticas da BatchNorm sobre o lote global em vez da parte de cada processo.</translation>
    </message>
</context>
<context>
    <name>photocat::ui::TrainingWorker</name>
    <message>
        <source>Cannot start %1: %2</source>
        <translation>Não foi possível iniciar %1: %2</translation>
    </message>
    <message>
        <source>photocat-cli launch ended with status %1</source>
        <translation>photocat-cli launch terminou com status %1</translation>
    </message>
</context>
</TS>
