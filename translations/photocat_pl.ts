<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="pl_PL">
<context>
    <name>RunStatus</name>
    <message>
        <source>running</source>
        <translation>trwa</translation>
    </message>
    <message>
        <source>finished</source>
        <translation>zakończony</translation>
    </message>
    <message>
        <source>stopped early</source>
        <translation>zatrzymany wcześniej</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>zatrzymany</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>nieudany</translation>
    </message>
    <message>
        <source>imported</source>
        <translation>zaimportowany</translation>
    </message>
</context>
<context>
    <name>photocat::ui::ClassifyPanel</name>
    <message>
        <source>Auto: category chosen</source>
        <translation>Automatycznie: kategoria wybrana</translation>
    </message>
    <message>
        <source>Shortlist: seller picks one</source>
        <translation>Krótka lista: sprzedawca wybiera jedną</translation>
    </message>
    <message>
        <source>Manual: seller chooses from all</source>
        <translation>Ręcznie: sprzedawca wybiera spośród wszystkich</translation>
    </message>
    <message>
        <source>Open Product Photos</source>
        <translation>Otwórz zdjęcia produktów</translation>
    </message>
    <message>
        <source>Images (*.jpg *.jpeg *.png *.bmp *.webp *.tif *.tiff)</source>
        <translation>Obrazy (*.jpg *.jpeg *.png *.bmp *.webp *.tif *.tiff)</translation>
    </message>
    <message>
        <source>Choose Model</source>
        <translation>Wybierz model</translation>
    </message>
    <message>
        <source>Checkpoints (*.pt)</source>
        <translation>Punkty kontrolne (*.pt)</translation>
    </message>
    <message>
        <source>Export Suggestions</source>
        <translation>Eksportuj sugestie</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>Pliki CSV (*.csv)</translation>
    </message>
    <message>
        <source>Cannot write %1</source>
        <translation>Nie można zapisać %1</translation>
    </message>
    <message>
        <source>Drop product photos here, paste one (Ctrl+V), or use Open…</source>
        <translation>Upuść tutaj zdjęcia produktów, wklej jedno (Ctrl+V) lub użyj Otwórz…</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>&amp;Otwórz…</translation>
    </message>
    <message>
        <source>Choose &amp;Model…</source>
        <translation>Wybierz &amp;model…</translation>
    </message>
    <message>
        <source>&amp;Export CSV…</source>
        <translation>&amp;Eksportuj CSV…</translation>
    </message>
    <message>
        <source>C&amp;lear</source>
        <translation>Wy&amp;czyść</translation>
    </message>
    <message>
        <source>&amp;Auto at:</source>
        <translation>&amp;Automatycznie od:</translation>
    </message>
    <message>
        <source>S&amp;hortlist at:</source>
        <translation>&amp;Krótka lista od:</translation>
    </message>
    <message>
        <source>No trained model yet: train one first.</source>
        <translation>Brak wytrenowanego modelu: najpierw go wytrenuj.</translation>
    </message>
    <message>
        <source>Model: %1</source>
        <translation>Model: %1</translation>
    </message>
    <message>
        <source>No model to classify with: train one or choose a checkpoint.</source>
        <translation>Brak modelu do klasyfikacji: wytrenuj model lub wybierz punkt kontrolny.</translation>
    </message>
    <message>
        <source>Cannot classify: %1</source>
        <translation>Nie można sklasyfikować: %1</translation>
    </message>
    <message>
        <source>Cannot load model %1: %2</source>
        <translation>Nie można wczytać modelu %1: %2</translation>
    </message>
    <message>
        <source>Ser&amp;ve This Model…</source>
        <translation>&amp;Udostępnij ten model…</translation>
    </message>
    <message>
        <source>Run the HTTP endpoint (SageMaker&apos;s /invocations, /v1/classify and the seller&apos;s page) for this model</source>
        <translation>Uruchom punkt końcowy HTTP dla tego modelu (/invocations z SageMakera, /v1/classify i stronę dla sprzedawcy)</translation>
    </message>
    <message>
        <source>Show &amp;why</source>
        <translation>Pokaż &amp;uzasadnienie</translation>
    </message>
    <message>
        <source>Show where each photo holds the evidence for its suggested category (Grad-CAM heat map: red is the strongest)</source>
        <translation>Pokaż, gdzie na każdym zdjęciu są przesłanki dla sugerowanej kategorii (mapa cieplna Grad-CAM: czerwony oznacza najsilniejsze)</translation>
    </message>
    <message>
        <source>Heat map opacity</source>
        <translation>Krycie mapy cieplnej</translation>
    </message>
    <message>
        <source>Chosen for this model on its validation photos:
%1</source>
        <translation>Wybrane dla tego modelu na jego zdjęciach walidacyjnych:
%1</translation>
    </message>
    <message>
        <source>Where the photo holds the evidence for %1 (red: the strongest)</source>
        <translation>Gdzie na zdjęciu są przesłanki dla %1 (czerwony: najsilniejsze)</translation>
    </message>
    <message>
        <source>More like this</source>
        <translation>Więcej podobnych</translation>
    </message>
    <message>
        <source>The workspace&apos;s images most similar to this photo</source>
        <translation>Obrazy z obszaru roboczego najbardziej podobne do tego zdjęcia</translation>
    </message>
</context>
<context>
    <name>photocat::ui::ConfusionPlot</name>
    <message>
        <source>predicted</source>
        <translation>przewidziana</translation>
    </message>
    <message>
        <source>true</source>
        <translation>prawdziwa</translation>
    </message>
    <message>
        <source>true %1, predicted %2: %3 images (%4% of the row). Click to review them.</source>
        <translation>prawdziwa %1, przewidziana %2: %3 obrazów (%4% wiersza). Kliknij, aby je przejrzeć.</translation>
    </message>
</context>
<context>
    <name>photocat::ui::CurvePlot</name>
    <message>
        <source>Reset View</source>
        <translation>Resetuj widok</translation>
    </message>
    <message>
        <source>Export as PNG or PDF…</source>
        <translation>Eksportuj jako PNG lub PDF…</translation>
    </message>
    <message>
        <source>Export Plot</source>
        <translation>Eksportuj wykres</translation>
    </message>
    <message>
        <source>PNG image (*.png);;PDF document (*.pdf)</source>
        <translation>Obraz PNG (*.png);;Dokument PDF (*.pdf)</translation>
    </message>
</context>
<context>
    <name>photocat::ui::DatasetPanel</name>
    <message>
        <source>&amp;Class:</source>
        <translation>&amp;Klasa:</translation>
    </message>
    <message>
        <source>S&amp;plit:</source>
        <translation>&amp;Podział:</translation>
    </message>
    <message>
        <source>P&amp;redicted:</source>
        <translation>P&amp;rzewidziana:</translation>
    </message>
    <message>
        <source>Pre&amp;diction:</source>
        <translation>Pr&amp;zewidywanie:</translation>
    </message>
    <message>
        <source>images</source>
        <translation>zdjęcia</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Wszystkie</translation>
    </message>
    <message>
        <source>Unlabeled</source>
        <translation>Bez etykiety</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>Uczenie</translation>
    </message>
    <message>
        <source>Validation</source>
        <translation>Walidacyjny</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>Testowy</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Brak</translation>
    </message>
    <message>
        <source>Right</source>
        <translation>Trafne</translation>
    </message>
    <message>
        <source>Wrong</source>
        <translation>Błędne</translation>
    </message>
    <message numerus="yes">
        <source>%n image(s)</source>
        <translation>
            <numerusform>%n zdjęcie</numerusform>
            <numerusform>%n zdjęcia</numerusform>
            <numerusform>%n zdjęć</numerusform>
        </translation>
    </message>
    <message>
        <source>Cannot read this image: %1</source>
        <translation>Nie można odczytać tego zdjęcia: %1</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>Plik:</translation>
    </message>
    <message>
        <source>Size:</source>
        <translation>Rozmiar:</translation>
    </message>
    <message>
        <source>Split:</source>
        <translation>Podział:</translation>
    </message>
    <message>
        <source>Label:</source>
        <translation>Etykieta:</translation>
    </message>
    <message>
        <source>Relabel</source>
        <translation>Zmień etykietę</translation>
    </message>
    <message>
        <source>Map</source>
        <translation>Mapa</translation>
    </message>
    <message>
        <source>The map places images by a model&apos;s features: train a model first (the Train page).</source>
        <translation>Mapa rozmieszcza obrazy według cech modelu: najpierw wytrenuj model (strona Uczenie).</translation>
    </message>
    <message numerus="yes">
        <source>Map selection (%n) ✕</source>
        <translation>
            <numerusform>Zaznaczenie z mapy (%n) ✕</numerusform>
            <numerusform>Zaznaczenie z mapy (%n) ✕</numerusform>
            <numerusform>Zaznaczenie z mapy (%n) ✕</numerusform>
        </translation>
    </message>
    <message>
        <source>Category Names</source>
        <translation>Nazwy kategorii</translation>
    </message>
    <message>
        <source>folder</source>
        <translation>folder</translation>
    </message>
    <message>
        <source>name shown</source>
        <translation>wyświetlana nazwa</translation>
    </message>
    <message>
        <source>Tile size (Ctrl+wheel over the gallery)</source>
        <translation>Rozmiar miniatur (Ctrl+kółko nad galerią)</translation>
    </message>
    <message>
        <source>Find D&amp;uplicates…</source>
        <translation>Znajdź &amp;duplikaty…</translation>
    </message>
    <message>
        <source>Near-identical images (resized, recompressed, mirrored copies); leaks across splits and copies with different labels first</source>
        <translation>Niemal identyczne obrazy (kopie przeskalowane, ponownie skompresowane, odbite lustrzanie); najpierw przecieki między podziałami i kopie z różnymi etykietami</translation>
    </message>
    <message>
        <source>&amp;Map…</source>
        <translation>&amp;Mapa…</translation>
    </message>
    <message>
        <source>Every image placed by the newest model&apos;s features: similar images lie close. Colour by label, prediction or mistakes; select a region to see its images here</source>
        <translation>Wszystkie obrazy rozmieszczone według cech najnowszego modelu: podobne leżą blisko siebie. Kolorowanie według etykiety, predykcji lub błędów; zaznacz obszar, aby zobaczyć tutaj jego obrazy</translation>
    </message>
    <message>
        <source>Show every image again</source>
        <translation>Pokaż ponownie wszystkie obrazy</translation>
    </message>
    <message>
        <source>Category &amp;Names…</source>
        <translation>&amp;Nazwy kategorii…</translation>
    </message>
    <message>
        <source>The names people read for each category (&quot;T-shirt/top&quot;), separate from the folder names</source>
        <translation>Nazwy kategorii wyświetlane ludziom (&quot;T-shirt/top&quot;), niezależne od nazw folderów</translation>
    </message>
    <message>
        <source>Show &amp;why</source>
        <translation>Pokaż &amp;uzasadnienie</translation>
    </message>
    <message>
        <source>Where the photo holds the evidence for the newest model&apos;s suggestion (Grad-CAM heat map)</source>
        <translation>Gdzie na zdjęciu są przesłanki dla sugestii najnowszego modelu (mapa cieplna Grad-CAM)</translation>
    </message>
    <message>
        <source>Heat map opacity</source>
        <translation>Krycie mapy cieplnej</translation>
    </message>
    <message>
        <source>evidence for %1 (%2%)</source>
        <translation>przesłanki dla %1 (%2%)</translation>
    </message>
    <message>
        <source>cannot explain this photo</source>
        <translation>nie można wyjaśnić tego zdjęcia</translation>
    </message>
    <message>
        <source>More Like This</source>
        <translation>Więcej podobnych</translation>
    </message>
    <message>
        <source>The workspace&apos;s images most similar to this one, by the newest model&apos;s features</source>
        <translation>Obrazy z obszaru roboczego najbardziej podobne do tego, według cech najnowszego modelu</translation>
    </message>
</context>
<context>
    <name>photocat::ui::DuplicatesDialog</name>
    <message>
        <source>Near-Duplicates</source>
        <translation>Bliskie duplikaty</translation>
    </message>
    <message>
        <source>Hash bits that may differ:</source>
        <translation>Bity skrótu, które mogą się różnić:</translation>
    </message>
    <message>
        <source>Also by the model&apos;s &amp;features</source>
        <translation>Także według &amp;cech modelu</translation>
    </message>
    <message>
        <source>Copies a hash does not see (crops, another photo of the same item): features of the newest model at cosine similarity ≥ 0.999</source>
        <translation>Kopie, których skrót nie wykrywa (kadry, inne zdjęcie tego samego przedmiotu): cechy najnowszego modelu o podobieństwie kosinusowym ≥ 0.999</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>Szukaj</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Anuluj</translation>
    </message>
    <message>
        <source>image</source>
        <translation>obraz</translation>
    </message>
    <message>
        <source>split</source>
        <translation>podział</translation>
    </message>
    <message>
        <source>label</source>
        <translation>etykieta</translation>
    </message>
    <message>
        <source>Hashing every image, then comparing all pairs…</source>
        <translation>Obliczanie skrótów wszystkich obrazów, potem porównywanie wszystkich par…</translation>
    </message>
    <message>
        <source>comparing by features needs a trained model</source>
        <translation>porównywanie według cech wymaga wytrenowanego modelu</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Anulowano.</translation>
    </message>
    <message>
        <source>Cannot search: %1</source>
        <translation>Nie można wyszukać: %1</translation>
    </message>
    <message>
        <source>%1 images hashed in %2 s, all pairs compared in %3 s: %4 groups of near-identical images (%5 redundant copies); %6 cross splits, %7 disagree on the label.</source>
        <translation>Skróty %1 obrazów obliczono w %2 s, wszystkie pary porównano w %3 s: grupy niemal identycznych obrazów: %4 (zbędne kopie: %5); między podziałami: %6, z niezgodną etykietą: %7.</translation>
    </message>
    <message numerus="yes">
        <source>Model features: %n pair(s) at cosine ≥ 0.999 in %1 s.</source>
        <translation>
            <numerusform>Cechy modelu: %n para o podobieństwie kosinusowym ≥ 0.999 w %1 s.</numerusform>
            <numerusform>Cechy modelu: %n pary o podobieństwie kosinusowym ≥ 0.999 w %1 s.</numerusform>
            <numerusform>Cechy modelu: %n par o podobieństwie kosinusowym ≥ 0.999 w %1 s.</numerusform>
        </translation>
    </message>
    <message>
        <source>labels disagree</source>
        <translation>niezgodne etykiety</translation>
    </message>
    <message>
        <source>leak across splits</source>
        <translation>przeciek między podziałami</translation>
    </message>
    <message>
        <source>by features</source>
        <translation>według cech</translation>
    </message>
    <message>
        <source>%1 images, distance ≤ %2</source>
        <translation>obrazy: %1, odległość ≤ %2</translation>
    </message>
    <message>
        <source>unlabeled</source>
        <translation>bez etykiety</translation>
    </message>
</context>
<context>
    <name>photocat::ui::EvaluatePanel</name>
    <message>
        <source>Test split</source>
        <translation>Podział testowy</translation>
    </message>
    <message>
        <source>Validation split</source>
        <translation>Podział walidacyjny</translation>
    </message>
    <message>
        <source>Train split</source>
        <translation>Podział treningowy</translation>
    </message>
    <message>
        <source>E&amp;valuate</source>
        <translation>&amp;Oceń</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Anuluj</translation>
    </message>
    <message>
        <source>No trained model yet.</source>
        <translation>Brak wytrenowanego modelu.</translation>
    </message>
    <message>
        <source>Evaluating…</source>
        <translation>Ocenianie…</translation>
    </message>
    <message>
        <source>Evaluation cancelled.</source>
        <translation>Ewaluację anulowano.</translation>
    </message>
    <message>
        <source>Evaluation failed: %1</source>
        <translation>Ewaluacja nie powiodła się: %1</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Eksport</translation>
    </message>
    <message>
        <source>Confusion matrix as CSV…</source>
        <translation>Macierz pomyłek jako CSV…</translation>
    </message>
    <message>
        <source>Confusion matrix as PNG or PDF…</source>
        <translation>Macierz pomyłek jako PNG lub PDF…</translation>
    </message>
    <message>
        <source>Per-image predictions as CSV…</source>
        <translation>Predykcje dla poszczególnych obrazów jako CSV…</translation>
    </message>
    <message>
        <source>Evaluation report (HTML or PDF)…</source>
        <translation>Raport z ewaluacji (HTML lub PDF)…</translation>
    </message>
    <message>
        <source>category</source>
        <translation>kategoria</translation>
    </message>
    <message>
        <source>precision</source>
        <translation>precyzja</translation>
    </message>
    <message>
        <source>recall</source>
        <translation>czułość</translation>
    </message>
    <message>
        <source>F1</source>
        <translation>F1</translation>
    </message>
    <message>
        <source>images</source>
        <translation>obrazy</translation>
    </message>
    <message>
        <source>Choose a model and a split, then Evaluate.</source>
        <translation>Wybierz model i podział, a następnie kliknij Ewaluuj.</translation>
    </message>
    <message>
        <source>#%1 %2 (%3, val %4)</source>
        <translation>#%1 %2 (%3, walidacja %4)</translation>
    </message>
    <message>
        <source>%1 images of the %2. Click a cell of the matrix to review its images.</source>
        <translation>%1 obrazów ze zbioru: %2. Kliknij komórkę macierzy, aby przejrzeć jej obrazy.</translation>
    </message>
    <message>
        <source>accuracy
%1%</source>
        <translation>dokładność
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
        <translation>makro F1
%1</translation>
    </message>
    <message>
        <source>images
%1</source>
        <translation>obrazy
%1</translation>
    </message>
    <message>
        <source>Auto-assign at %1, shortlist at %2: %3% of uploads categorized automatically (%4% right), %5% shortlisted (truth in the list %6%), %7% manual. Drag the lines to move the thresholds.</source>
        <translation>Automatyczne przypisanie od %1, lista kandydatów od %2: %3% przesłanych zdjęć skategoryzowanych automatycznie (%4% poprawnie), %5% na liście kandydatów (prawidłowa kategoria na liście: %6%), %7% ręcznie. Przeciągnij linie, aby zmienić progi.</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>Nie można zapisać %1: %2</translation>
    </message>
    <message>
        <source>Cannot write %1</source>
        <translation>Nie można zapisać %1</translation>
    </message>
    <message>
        <source>Evaluation failed: none of the split&apos;s images could be read.</source>
        <translation>Ocena nie powiodła się: nie udało się odczytać żadnego obrazu z tego podziału.</translation>
    </message>
    <message>
        <source>Mirror averaging</source>
        <translation>Uśrednianie z odbiciem lustrzanym</translation>
    </message>
    <message>
        <source>Test-time augmentation: average each photo&apos;s prediction with its mirror image&apos;s (twice the time)</source>
        <translation>Augmentacja w czasie testu: uśrednia predykcję każdego zdjęcia z predykcją jego odbicia lustrzanego (dwa razy dłużej)</translation>
    </message>
    <message>
        <source>Cannot list the workspace&apos;s runs: %1</source>
        <translation>Nie można odczytać przebiegów obszaru roboczego: %1</translation>
    </message>
    <message>
        <source>Choosing thresholds failed: %1</source>
        <translation>Wybór progów nie powiódł się: %1</translation>
    </message>
    <message>
        <source>Choosing thresholds on the validation split…</source>
        <translation>Wybieranie progów na podziale walidacyjnym…</translation>
    </message>
    <message>
        <source>Auto-assign at &amp;precision:</source>
        <translation>Automatyczne przypisanie przy &amp;precyzji:</translation>
    </message>
    <message>
        <source>shortlists &amp;holding the truth:</source>
        <translation>listy kandydatów &amp;z prawidłową kategorią:</translation>
    </message>
    <message>
        <source>as they are</source>
        <translation>bez zmian</translation>
    </message>
    <message>
        <source>C&amp;hoose Thresholds</source>
        <translation>&amp;Wybierz progi</translation>
    </message>
    <message>
        <source>Choose the auto-assign threshold and shortlist length on the validation split so that these hold on new photos with 95% confidence, and store them with the model (predict, serve and the Classify page use them)</source>
        <translation>Wybierz próg automatycznego przypisania i długość listy kandydatów na podziale walidacyjnym tak, aby te wartości sprawdzały się na nowych zdjęciach z ufnością 95%, i zapisz je razem z modelem (używają ich predict, serve i strona Klasyfikuj)</translation>
    </message>
    <message>
        <source>
The model&apos;s auto-assign threshold %1 was chosen for %2% precision on %3 validation photos%4; on these photos it gives %5% precision over %6% of them.</source>
        <translation>
Próg automatycznego przypisania modelu %1 wybrano dla precyzji %2% na %3 zdjęciach walidacyjnych%4; na tych zdjęciach daje precyzję %5% dla %6% z nich.</translation>
    </message>
    <message>
        <source> (not reachable: auto-assignment off)</source>
        <translation> (nieosiągalna: automatyczne przypisanie wyłączone)</translation>
    </message>
    <message>
        <source>
Shortlists grow to %1 of the probability for the truth in them %2% of the time; here %3%.</source>
        <translation>
Listy kandydatów rosną do %1 prawdopodobieństwa, aby zawierały prawidłową kategorię w %2% przypadków; tutaj %3%.</translation>
    </message>
</context>
<context>
    <name>photocat::ui::GalleryModel</name>
    <message>
        <source>unlabeled</source>
        <translation>bez etykiety</translation>
    </message>
    <message>
        <source>predicted: %1</source>
        <translation>przewidziana: %1</translation>
    </message>
</context>
<context>
    <name>photocat::ui::LabelingPanel</name>
    <message>
        <source>Import Unlabeled Photos</source>
        <translation>Importuj nieoznaczone zdjęcia</translation>
    </message>
    <message>
        <source>Import Unlabeled Photos…</source>
        <translation>Importuj nieoznaczone zdjęcia…</translation>
    </message>
    <message>
        <source>Refresh Suggestions</source>
        <translation>Odśwież sugestie</translation>
    </message>
    <message>
        <source>Accept</source>
        <translation>Akceptuj</translation>
    </message>
    <message>
        <source>Skip</source>
        <translation>Pomiń</translation>
    </message>
    <message>
        <source>Keys: Enter accepts the selected category, 1–9 and 0 label with that category, S skips, Ctrl+Z undoes. Labeled photos join their category and the training split.</source>
        <translation>Klawisze: Enter akceptuje wybraną kategorię, 1–9 i 0 nadają etykietę odpowiedniej kategorii, S pomija, Ctrl+Z cofa. Oznaczone zdjęcia trafiają do swojej kategorii i do podziału treningowego.</translation>
    </message>
    <message>
        <source>Ordering the pool by the model&apos;s uncertainty…</source>
        <translation>Porządkowanie puli według niepewności modelu…</translation>
    </message>
    <message>
        <source>Importing %1…</source>
        <translation>Importowanie %1…</translation>
    </message>
    <message>
        <source>Suggestions unavailable: %1</source>
        <translation>Sugestie niedostępne: %1</translation>
    </message>
    <message>
        <source>Nothing left to label. Import unlabeled photos to grow the pool.</source>
        <translation>Nie zostało nic do oznaczenia. Zaimportuj nieoznaczone zdjęcia, aby powiększyć pulę.</translation>
    </message>
    <message>
        <source>Open a workspace.</source>
        <translation>Otwórz obszar roboczy.</translation>
    </message>
    <message>
        <source>%1 left. Suggestion: %2 (%3%). %4</source>
        <translation>Pozostało: %1. Sugestia: %2 (%3%). %4</translation>
    </message>
    <message>
        <source>%1 left (no model yet: train one for suggestions). %2</source>
        <translation>Pozostało: %1 (brak modelu: wytrenuj go, aby otrzymywać sugestie). %2</translation>
    </message>
    <message>
        <source>Could not save the label: %1</source>
        <translation>Nie udało się zapisać etykiety: %1</translation>
    </message>
    <message>
        <source>Label as %1</source>
        <translation>Oznacz jako %1</translation>
    </message>
    <message>
        <source>Cannot read the unlabeled pool: %1</source>
        <translation>Nie można odczytać puli nieoznaczonych zdjęć: %1</translation>
    </message>
</context>
<context>
    <name>photocat::ui::LiveCurves</name>
    <message>
        <source>epoch %1: train loss %2, accuracy %3; validation loss %4, accuracy %5%6</source>
        <translation>epoka %1: strata uczenia %2, trafność %3; strata walidacyjna %4, trafność %5%6</translation>
    </message>
    <message>
        <source> (best)</source>
        <translation> (najlepsza)</translation>
    </message>
    <message>
        <source>batch</source>
        <translation>partia</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>strata</translation>
    </message>
    <message>
        <source>loss per batch</source>
        <translation>strata na partię</translation>
    </message>
    <message>
        <source>smoothed</source>
        <translation>wygładzona</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>epoka</translation>
    </message>
    <message>
        <source>train</source>
        <translation>uczenie</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>walidacja</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>trafność</translation>
    </message>
</context>
<context>
    <name>photocat::ui::MainWindow</name>
    <message>
        <source>New Workspace Folder</source>
        <translation>Folder nowego obszaru roboczego</translation>
    </message>
    <message>
        <source>Open Workspace</source>
        <translation>Otwórz obszar roboczy</translation>
    </message>
    <message>
        <source>Import Image Folder</source>
        <translation>Importuj folder ze zdjęciami</translation>
    </message>
    <message>
        <source>Import List</source>
        <translation>Importuj listę</translation>
    </message>
    <message>
        <source>Lists and RecordIO (*.lst *.csv *.rec)</source>
        <translation>Listy i RecordIO (*.lst *.csv *.rec)</translation>
    </message>
    <message>
        <source>About photocat</source>
        <translation>O programie photocat</translation>
    </message>
    <message>
        <source>&lt;b&gt;photocat %1&lt;/b&gt;&lt;p&gt;Teach a model to read a seller&apos;s product photo and choose its category.&lt;/p&gt;</source>
        <translation>&lt;b&gt;photocat %1&lt;/b&gt;&lt;p&gt;Naucz model rozpoznawać zdjęcie produktu sprzedawcy i wybierać jego kategorię.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>Zbiór danych</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>Uczenie</translation>
    </message>
    <message>
        <source>Evaluate</source>
        <translation>Ocena</translation>
    </message>
    <message>
        <source>Classify</source>
        <translation>Klasyfikuj</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Plik</translation>
    </message>
    <message>
        <source>&amp;New Workspace…</source>
        <translation>&amp;Nowy obszar roboczy…</translation>
    </message>
    <message>
        <source>&amp;Open Workspace…</source>
        <translation>&amp;Otwórz obszar roboczy…</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>Otwórz &amp;ostatnie</translation>
    </message>
    <message>
        <source>&amp;Import Folder…</source>
        <translation>&amp;Importuj folder…</translation>
    </message>
    <message>
        <source>Import &amp;List or CSV…</source>
        <translation>Importuj &amp;listę lub CSV…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>Za&amp;kończ</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Widok</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>&amp;Ustawienia</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Język</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Pomo&amp;c</translation>
    </message>
    <message>
        <source>&amp;About photocat</source>
        <translation>&amp;O programie photocat</translation>
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
        <translation>Brak otwartego obszaru roboczego: Plik ▸ Nowy obszar roboczy, potem Importuj folder.</translation>
    </message>
    <message>
        <source>Training in progress</source>
        <translation>Trwa uczenie</translation>
    </message>
    <message>
        <source>Stop the training before opening another workspace.</source>
        <translation>Zatrzymaj uczenie przed otwarciem innego obszaru roboczego.</translation>
    </message>
    <message>
        <source>Cannot open workspace</source>
        <translation>Nie można otworzyć obszaru roboczego</translation>
    </message>
    <message numerus="yes">
        <source>%n image(s) in %1 classes; %2 skipped, %3 missing</source>
        <translation>
            <numerusform>%n zdjęcie w %1 klasach; pominięto %2, brakuje %3</numerusform>
            <numerusform>%n zdjęcia w %1 klasach; pominięto %2, brakuje %3</numerusform>
            <numerusform>%n zdjęć w %1 klasach; pominięto %2, brakuje %3</numerusform>
        </translation>
    </message>
    <message>
        <source>Reading image headers…</source>
        <translation>Odczytywanie nagłówków zdjęć…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Anuluj</translation>
    </message>
    <message>
        <source>Import failed</source>
        <translation>Import nie powiódł się</translation>
    </message>
    <message>
        <source>Import cancelled: nothing was changed.</source>
        <translation>Import anulowany: nic nie zmieniono.</translation>
    </message>
    <message>
        <source>Import finished</source>
        <translation>Import zakończony</translation>
    </message>
    <message>
        <source>%1 added, %2 updated, %3 unchanged, %4 missing, %5 skipped.</source>
        <translation>Dodano %1, zaktualizowano %2, bez zmian %3, brakujących %4, pominiętych %5.</translation>
    </message>
    <message>
        <source>A model is training. Stop it and quit? The last checkpoint is kept, and the run can be resumed later.</source>
        <translation>Model jest w trakcie uczenia. Zatrzymać i zakończyć? Ostatni punkt kontrolny zostanie zachowany, a uczenie można później wznowić.</translation>
    </message>
    <message>
        <source>Review</source>
        <translation>Przegląd</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Etykietowanie</translation>
    </message>
</context>
<context>
    <name>photocat::ui::MapDialog</name>
    <message>
        <source>Map of the Images</source>
        <translation>Mapa obrazów</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Etykieta</translation>
    </message>
    <message>
        <source>Prediction</source>
        <translation>Predykcja</translation>
    </message>
    <message>
        <source>Right or wrong</source>
        <translation>Trafne lub błędne</translation>
    </message>
    <message>
        <source>Pan and zoom</source>
        <translation>Przesuwanie i powiększanie</translation>
    </message>
    <message>
        <source>Box select</source>
        <translation>Zaznaczanie prostokątem</translation>
    </message>
    <message>
        <source>Lasso select</source>
        <translation>Zaznaczanie lassem</translation>
    </message>
    <message>
        <source>Drag to select; hold Shift to add to the selection. The wheel zooms.</source>
        <translation>Przeciągnij, aby zaznaczyć; przytrzymaj Shift, aby dodać do zaznaczenia. Kółko powiększa.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Anuluj</translation>
    </message>
    <message>
        <source>Show in &amp;Gallery</source>
        <translation>Pokaż w &amp;galerii</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Zamknij</translation>
    </message>
    <message>
        <source>Colour by:</source>
        <translation>Koloruj według:</translation>
    </message>
    <message>
        <source>Tool:</source>
        <translation>Narzędzie:</translation>
    </message>
    <message numerus="yes">
        <source>%n image(s) placed by the model&apos;s features: features %1 s (%2), %3. Drag to pan, wheel to zoom; choose a selection tool to pick images.</source>
        <translation>
            <numerusform>%n obraz rozmieszczony według cech modelu: cechy %1 s (%2), %3. Przeciągnij, aby przesunąć, kółkiem powiększ; wybierz narzędzie zaznaczania, aby wskazać obrazy.</numerusform>
            <numerusform>%n obrazy rozmieszczone według cech modelu: cechy %1 s (%2), %3. Przeciągnij, aby przesunąć, kółkiem powiększ; wybierz narzędzie zaznaczania, aby wskazać obrazy.</numerusform>
            <numerusform>%n obrazów rozmieszczonych według cech modelu: cechy %1 s (%2), %3. Przeciągnij, aby przesunąć, kółkiem powiększ; wybierz narzędzie zaznaczania, aby wskazać obrazy.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 computed</source>
        <translation>obliczono %1</translation>
    </message>
    <message>
        <source>from the cache</source>
        <translation>z pamięci podręcznej</translation>
    </message>
    <message>
        <source>layout from the cache</source>
        <translation>układ z pamięci podręcznej</translation>
    </message>
    <message>
        <source>PCA %1 s, neighbours %2 s, UMAP layout %3 s</source>
        <translation>PCA %1 s, sąsiedzi %2 s, układ UMAP %3 s</translation>
    </message>
    <message>
        <source>unlabeled</source>
        <translation>bez etykiety</translation>
    </message>
    <message>
        <source>%1 (%2)
predicted %3 at %4%</source>
        <translation>%1 (%2)
przewidziano: %3 (%4%)</translation>
    </message>
    <message>
        <source>Reading the model&apos;s features of every image…</source>
        <translation>Odczytywanie cech modelu dla każdego obrazu…</translation>
    </message>
    <message>
        <source>Features of %1 of %2 images…</source>
        <translation>Cechy %1 z %2 obrazów…</translation>
    </message>
    <message>
        <source>Laying out the map (UMAP)…</source>
        <translation>Układanie mapy (UMAP)…</translation>
    </message>
    <message>
        <source>Finding each image&apos;s nearest neighbours…</source>
        <translation>Wyszukiwanie najbliższych sąsiadów każdego obrazu…</translation>
    </message>
    <message>
        <source>Cancelled; the features computed so far are kept for next time.</source>
        <translation>Anulowano; dotychczas obliczone cechy zostaną zachowane na następny raz.</translation>
    </message>
    <message>
        <source>No image could be placed: the workspace has no readable image.</source>
        <translation>Nie udało się rozmieścić żadnego obrazu: obszar roboczy nie zawiera czytelnych obrazów.</translation>
    </message>
    <message>
        <source>Cannot map the images: %1</source>
        <translation>Nie można utworzyć mapy obrazów: %1</translation>
    </message>
    <message>
        <source>right</source>
        <translation>trafne</translation>
    </message>
    <message>
        <source>wrong</source>
        <translation>błędne</translation>
    </message>
    <message>
        <source>selected</source>
        <translation>zaznaczone</translation>
    </message>
    <message numerus="yes">
        <source>%n image(s) selected: %1; %2 predicted wrong.</source>
        <translation>
            <numerusform>Zaznaczono %n obraz: %1; błędnie przewidzianych: %2.</numerusform>
            <numerusform>Zaznaczono %n obrazy: %1; błędnie przewidzianych: %2.</numerusform>
            <numerusform>Zaznaczono %n obrazów: %1; błędnie przewidzianych: %2.</numerusform>
        </translation>
    </message>
    <message>
        <source>Not cached: %1</source>
        <translation>Bez zapisu w pamięci podręcznej: %1</translation>
    </message>
</context>
<context>
    <name>photocat::ui::PolicyChart</name>
    <message>
        <source>auto-assign threshold (top-1 probability)</source>
        <translation>próg automatycznego przypisania (prawdopodobieństwo top-1)</translation>
    </message>
    <message>
        <source>share auto-assigned</source>
        <translation>odsetek przypisanych automatycznie</translation>
    </message>
    <message>
        <source>accuracy of those</source>
        <translation>dokładność wśród nich</translation>
    </message>
</context>
<context>
    <name>photocat::ui::ReviewModel</name>
    <message>
        <source>unlabeled</source>
        <translation>bez etykiety</translation>
    </message>
    <message>
        <source>labeled %1</source>
        <translation>etykieta: %1</translation>
    </message>
    <message>
        <source> (excluded)</source>
        <translation> (wykluczone)</translation>
    </message>
    <message>
        <source> (ambiguous)</source>
        <translation> (niejednoznaczne)</translation>
    </message>
    <message>
        <source>%1
labeled %2 (at evaluation: %3), predicted %4, loss %5</source>
        <translation>%1
etykieta: %2 (podczas ewaluacji: %3), przewidziano: %4, strata: %5</translation>
    </message>
</context>
<context>
    <name>photocat::ui::ReviewPanel</name>
    <message>
        <source>Label-issue search cancelled; the previous queue is kept.</source>
        <translation>Wyszukiwanie błędów etykiet anulowano; poprzednia kolejka została zachowana.</translation>
    </message>
    <message>
        <source>Label-issue search failed: %1</source>
        <translation>Wyszukiwanie błędów etykiet nie powiodło się: %1</translation>
    </message>
    <message>
        <source>Misclassified</source>
        <translation>Błędnie sklasyfikowane</translation>
    </message>
    <message>
        <source>Confusion cell</source>
        <translation>Komórka macierzy pomyłek</translation>
    </message>
    <message>
        <source>Probable label errors</source>
        <translation>Prawdopodobne błędy etykiet</translation>
    </message>
    <message>
        <source>Highest loss first</source>
        <translation>Najpierw najwyższa strata</translation>
    </message>
    <message>
        <source>Most confidently wrong first</source>
        <translation>Najpierw najpewniejsze błędy</translation>
    </message>
    <message>
        <source>Cancel Search</source>
        <translation>Anuluj wyszukiwanie</translation>
    </message>
    <message>
        <source>Find Label Errors</source>
        <translation>Znajdź błędy etykiet</translation>
    </message>
    <message>
        <source>Cross-validates a model over the training split (folds, epochs per fold) and ranks images whose label disagrees with confident out-of-sample predictions.</source>
        <translation>Przeprowadza walidację krzyżową modelu na podziale treningowym (liczba foldów, epoki na fold) i szereguje obrazy, których etykieta nie zgadza się z pewnymi predykcjami spoza próby.</translation>
    </message>
    <message>
        <source> folds</source>
        <translation> foldów</translation>
    </message>
    <message>
        <source> epochs</source>
        <translation> epok</translation>
    </message>
    <message>
        <source>Move Files to Class Folders…</source>
        <translation>Przenieś pliki do folderów klas…</translation>
    </message>
    <message>
        <source>&amp;Relabel</source>
        <translation>&amp;Zmień etykietę</translation>
    </message>
    <message>
        <source>E&amp;xclude</source>
        <translation>&amp;Wyklucz</translation>
    </message>
    <message>
        <source>&amp;Ambiguous</source>
        <translation>&amp;Niejednoznaczne</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Cofnij</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>Ponów</translation>
    </message>
    <message>
        <source>Keys: 1–9 and 0 choose the category of that number, X excludes, A marks ambiguous, Ctrl+Z undoes, Ctrl+Shift+Z redoes. Changes are saved at once.</source>
        <translation>Klawisze: 1–9 i 0 wybierają kategorię o tym numerze, X wyklucza, A oznacza jako niejednoznaczne, Ctrl+Z cofa, Ctrl+Shift+Z ponawia. Zmiany są zapisywane od razu.</translation>
    </message>
    <message>
        <source>Open a workspace.</source>
        <translation>Otwórz obszar roboczy.</translation>
    </message>
    <message>
        <source>%1 images labeled %2 and predicted %3</source>
        <translation>%1 obrazów z etykietą %2 i predykcją %3</translation>
    </message>
    <message>
        <source>%1 training images, most likely mislabeled first</source>
        <translation>%1 obrazów treningowych, najpierw najprawdopodobniej błędnie oznaczone</translation>
    </message>
    <message>
        <source>No label-issue search yet: Find Label Errors runs one.</source>
        <translation>Nie przeprowadzono jeszcze wyszukiwania błędów etykiet: uruchom je przyciskiem Znajdź błędy etykiet.</translation>
    </message>
    <message>
        <source>%1 misclassified images of run #%2 (%3 split)</source>
        <translation>%1 błędnie sklasyfikowanych obrazów z przebiegu #%2 (podział: %3)</translation>
    </message>
    <message>
        <source>Evaluate a model first: its mistakes are listed here.</source>
        <translation>Najpierw przeprowadź ewaluację modelu: jego błędy pojawią się tutaj.</translation>
    </message>
    <message>
        <source>Could not save the change: %1</source>
        <translation>Nie udało się zapisać zmiany: %1</translation>
    </message>
    <message>
        <source>Relabel as %1</source>
        <translation>Zmień etykietę na %1</translation>
    </message>
    <message>
        <source>Change status</source>
        <translation>Zmień status</translation>
    </message>
    <message>
        <source>Cross-validating: training fold %1 of %2…</source>
        <translation>Walidacja krzyżowa: trenowanie foldu %1 z %2…</translation>
    </message>
    <message>
        <source>Cross-validating…</source>
        <translation>Walidacja krzyżowa…</translation>
    </message>
    <message>
        <source>Move Files</source>
        <translation>Przenieś pliki</translation>
    </message>
    <message>
        <source>Every file is in its class&apos;s folder.</source>
        <translation>Każdy plik jest w folderze swojej klasy.</translation>
    </message>
    <message>
        <source>Move %1 files into the folder of their (new) class? The workspace follows them.</source>
        <translation>Przenieść %1 plików do folderów ich (nowych) klas? Obszar roboczy zostanie zaktualizowany.</translation>
    </message>
    <message>
        <source>%1 moved; not moved:
%2</source>
        <translation>Przeniesiono: %1; nie przeniesiono:
%2</translation>
    </message>
    <message>
        <source>No images in this cell.</source>
        <translation>Brak obrazów w tej komórce.</translation>
    </message>
    <message>
        <source>Moving files…</source>
        <translation>Przenoszenie plików…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Anuluj</translation>
    </message>
    <message>
        <source>No trained model to explain with: train one first.</source>
        <translation>Brak wytrenowanego modelu do wyjaśnień: najpierw go wytrenuj.</translation>
    </message>
    <message>
        <source>Show &amp;why</source>
        <translation>Pokaż &amp;uzasadnienie</translation>
    </message>
    <message>
        <source>Where the photo holds the evidence for a category (Grad-CAM heat map of the reviewed model: red is the strongest)</source>
        <translation>Gdzie na zdjęciu są przesłanki dla kategorii (mapa cieplna Grad-CAM przeglądanego modelu: czerwony oznacza najsilniejsze)</translation>
    </message>
    <message>
        <source>for the prediction</source>
        <translation>dla predykcji</translation>
    </message>
    <message>
        <source>for the label</source>
        <translation>dla etykiety</translation>
    </message>
    <message>
        <source>Heat map opacity</source>
        <translation>Krycie mapy cieplnej</translation>
    </message>
    <message>
        <source>Tile size (Ctrl+wheel over the images)</source>
        <translation>Rozmiar miniatur (Ctrl+kółko nad obrazami)</translation>
    </message>
    <message>
        <source>More Like This</source>
        <translation>Więcej podobnych</translation>
    </message>
    <message>
        <source>The workspace&apos;s images most similar to this one, by the reviewed model&apos;s features</source>
        <translation>Obrazy z obszaru roboczego najbardziej podobne do tego, według cech przeglądanego modelu</translation>
    </message>
</context>
<context>
    <name>photocat::ui::RunComparison</name>
    <message>
        <source>best validation accuracy</source>
        <translation>najlepsza trafność walidacyjna</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>epoka</translation>
    </message>
    <message>
        <source>validation accuracy</source>
        <translation>trafność walidacyjna</translation>
    </message>
</context>
<context>
    <name>photocat::ui::ServeDialog</name>
    <message>
        <source>No trained model yet: train one first.</source>
        <translation>Brak wytrenowanego modelu: najpierw go wytrenuj.</translation>
    </message>
    <message>
        <source>Model: %1</source>
        <translation>Model: %1</translation>
    </message>
    <message>
        <source>&amp;Stop</source>
        <translation>&amp;Zatrzymaj</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>&amp;Start</translation>
    </message>
    <message>
        <source>Could not start: %1</source>
        <translation>Nie udało się uruchomić: %1</translation>
    </message>
    <message>
        <source>Loading the model…</source>
        <translation>Wczytywanie modelu…</translation>
    </message>
    <message>
        <source>Serving on &lt;a href=&quot;%1&quot;&gt;%1&lt;/a&gt; — the seller&apos;s page; POST photos to %1invocations or %1v1/classify</source>
        <translation>Model udostępniony pod adresem &lt;a href=&quot;%1&quot;&gt;%1&lt;/a&gt; — strona dla sprzedawcy; wysyłaj zdjęcia (POST) na %1invocations lub %1v1/classify</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>Zatrzymano.</translation>
    </message>
    <message numerus="yes">
        <source>%n request(s) answered, %1 refused; decisions: %2 auto, %3 shortlist, %4 manual</source>
        <translation>
            <numerusform>Obsłużono %n żądanie, odrzucono %1; decyzje: automatyczne %2, krótka lista %3, ręczne %4</numerusform>
            <numerusform>Obsłużono %n żądania, odrzucono %1; decyzje: automatyczne %2, krótka lista %3, ręczne %4</numerusform>
            <numerusform>Obsłużono %n żądań, odrzucono %1; decyzje: automatyczne %2, krótka lista %3, ręczne %4</numerusform>
        </translation>
    </message>
    <message>
        <source>Serve This Model</source>
        <translation>Udostępnij ten model</translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation>&amp;Port:</translation>
    </message>
    <message>
        <source>any free port</source>
        <translation>dowolny wolny port</translation>
    </message>
    <message>
        <source>&amp;Reachable from other machines (listen on all addresses)</source>
        <translation>&amp;Dostępny z innych komputerów (nasłuchuj na wszystkich adresach)</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>&amp;Zamknij</translation>
    </message>
</context>
<context>
    <name>photocat::ui::SimilarDialog</name>
    <message>
        <source>More Like This</source>
        <translation>Więcej podobnych</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Anuluj</translation>
    </message>
    <message>
        <source>The %1 most similar of %2 images by the model&apos;s features (cosine similarity): features %3 in %4 s, search %5 ms.</source>
        <translation>%1 najbardziej podobnych spośród %2 obrazów według cech modelu (podobieństwo kosinusowe): cechy %3 w %4 s, wyszukiwanie %5 ms.</translation>
    </message>
    <message>
        <source>of %1 images computed</source>
        <translation>obliczone dla %1 obrazów</translation>
    </message>
    <message>
        <source>from the cache</source>
        <translation>z pamięci podręcznej</translation>
    </message>
    <message>
        <source>Reading the model&apos;s features of every image…</source>
        <translation>Odczytywanie cech modelu dla każdego obrazu…</translation>
    </message>
    <message>
        <source>Cancelled; the features computed so far are kept for next time.</source>
        <translation>Anulowano; dotychczas obliczone cechy zostaną zachowane na następny raz.</translation>
    </message>
    <message>
        <source>this image could not be read</source>
        <translation>nie można odczytać tego obrazu</translation>
    </message>
    <message>
        <source>unlabeled</source>
        <translation>bez etykiety</translation>
    </message>
    <message>
        <source>Cannot find similar images: %1</source>
        <translation>Nie można znaleźć podobnych obrazów: %1</translation>
    </message>
    <message>
        <source>Not cached: %1</source>
        <translation>Bez zapisu w pamięci podręcznej: %1</translation>
    </message>
</context>
<context>
    <name>photocat::ui::TrainPanel</name>
    <message>
        <source>Resume from Checkpoint</source>
        <translation>Wznów od punktu kontrolnego</translation>
    </message>
    <message>
        <source>Checkpoints (*.pt)</source>
        <translation>Punkty kontrolne (*.pt)</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>&amp;Start</translation>
    </message>
    <message>
        <source>&amp;Continue</source>
        <translation>&amp;Kontynuuj</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>&amp;Wstrzymaj</translation>
    </message>
    <message>
        <source>St&amp;op</source>
        <translation>Za&amp;trzymaj</translation>
    </message>
    <message>
        <source>&amp;Resume…</source>
        <translation>&amp;Wznów…</translation>
    </message>
    <message>
        <source>Compare Selected Runs</source>
        <translation>Porównaj zaznaczone przebiegi</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>Na żywo</translation>
    </message>
    <message>
        <source>Compare runs</source>
        <translation>Porównanie przebiegów</translation>
    </message>
    <message>
        <source>Ready.</source>
        <translation>Gotowe.</translation>
    </message>
    <message>
        <source>Open a workspace to train.</source>
        <translation>Otwórz obszar roboczy, aby uczyć model.</translation>
    </message>
    <message>
        <source>Preparing…</source>
        <translation>Przygotowywanie…</translation>
    </message>
    <message>
        <source>Paused after the current batch.</source>
        <translation>Wstrzymano po bieżącej partii.</translation>
    </message>
    <message>
        <source>Continuing…</source>
        <translation>Kontynuowanie…</translation>
    </message>
    <message>
        <source>Stopping after the current batch; the checkpoint is kept.</source>
        <translation>Zatrzymywanie po bieżącej partii; punkt kontrolny zostanie zachowany.</translation>
    </message>
    <message>
        <source>Epoch %1 of %2, batch %3 of %4 — %5 images/s — %6 left</source>
        <translation>Epoka %1 z %2, partia %3 z %4 — %5 zdjęć/s — pozostało %6</translation>
    </message>
    <message>
        <source>Training failed: %1</source>
        <translation>Uczenie nie powiodło się: %1</translation>
    </message>
    <message>
        <source>Stopped. The last checkpoint is kept; Resume continues from it.</source>
        <translation>Zatrzymano. Ostatni punkt kontrolny zachowano; Wznów kontynuuje od niego.</translation>
    </message>
    <message>
        <source>Finished. Best model: %1</source>
        <translation>Zakończono. Najlepszy model: %1</translation>
    </message>
    <message>
        <source>#%1 %2 — %3, best %4</source>
        <translation>#%1 %2 — %3, najlepsza %4</translation>
    </message>
    <message>
        <source>Computing backbone features once: %1 of %2 images</source>
        <translation>Jednorazowe obliczanie cech szkieletu: %1 z %2 obrazów</translation>
    </message>
    <message>
        <source>Training the head on cached features: epoch %1 of %2</source>
        <translation>Trenowanie głowy na zapisanych cechach: epoka %1 z %2</translation>
    </message>
    <message>
        <source>Reading the weights file; training starts when it is read…</source>
        <translation>Odczyt pliku wag; trening zacznie się po jego odczytaniu…</translation>
    </message>
    <message>
        <source>Run #%1 in another process: %2.</source>
        <translation>Przebieg #%1 w innym procesie: %2.</translation>
    </message>
    <message>
        <source>removed</source>
        <translation>usunięty</translation>
    </message>
    <message>
        <source>Following run #%1 “%2”, which another process is training (photocat-cli from a terminal, launch or srun).</source>
        <translation>Śledzenie przebiegu #%1 „%2”, który trenuje inny proces (photocat-cli z terminala, launch lub srun).</translation>
    </message>
    <message>
        <source>Run #%1 “%2” is training in another process: %3 of %4 epochs done.</source>
        <translation>Przebieg #%1 „%2” jest trenowany w innym procesie: ukończono %3 z %4 epok.</translation>
    </message>
</context>
<context>
    <name>photocat::ui::TrainSettingsForm</name>
    <message>
        <source>Pretrained Weights</source>
        <translation>Wstępnie wytrenowane wagi</translation>
    </message>
    <message>
        <source>Weights (*.pth *.pt *.safetensors *.bin);;All files (*)</source>
        <translation>Wagi (*.pth *.pt *.safetensors *.bin);;Wszystkie pliki (*)</translation>
    </message>
    <message>
        <source>Training settings</source>
        <translation>Ustawienia uczenia</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Model</translation>
    </message>
    <message>
        <source>Width (resnet-small)</source>
        <translation>Szerokość (resnet-small)</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>Epoki</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>Rozmiar partii</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>Współczynnik uczenia</translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation>Optymalizator</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>Harmonogram</translation>
    </message>
    <message>
        <source>Augmentation</source>
        <translation>Augmentacja</translation>
    </message>
    <message>
        <source>Label smoothing</source>
        <translation>Wygładzanie etykiet</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Urządzenie</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>Precyzja obliczeń</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>Ziarno</translation>
    </message>
    <message>
        <source>Transfer learning</source>
        <translation>Uczenie transferowe</translation>
    </message>
    <message>
        <source>Pretrained weights</source>
        <translation>Wstępnie wytrenowane wagi</translation>
    </message>
    <message>
        <source>Fine-tuning</source>
        <translation>Dostrajanie</translation>
    </message>
    <message>
        <source>Stages trained</source>
        <translation>Trenowane etapy</translation>
    </message>
    <message>
        <source>Head-only epochs</source>
        <translation>Epoki tylko dla głowy</translation>
    </message>
    <message>
        <source>Backbone learning-rate scale</source>
        <translation>Skala współczynnika uczenia szkieletu</translation>
    </message>
    <message>
        <source>none: random initialization</source>
        <translation>brak: losowa inicjalizacja</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Przeglądaj…</translation>
    </message>
    <message>
        <source>Full fine-tune</source>
        <translation>Pełne dostrajanie</translation>
    </message>
    <message>
        <source>Linear probe (head only)</source>
        <translation>Sonda liniowa (tylko głowa)</translation>
    </message>
    <message>
        <source>Last stages and head</source>
        <translation>Ostatnie etapy i głowa</translation>
    </message>
    <message>
        <source>Two-phase: head, then all</source>
        <translation>Dwufazowe: głowa, potem całość</translation>
    </message>
    <message>
        <source>Linear probe on cached features</source>
        <translation>Sonda liniowa na zapisanych cechach</translation>
    </message>
    <message>
        <source>automatic</source>
        <translation>automatycznie</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>Automatycznie</translation>
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
        <translation>GPU CUDA (niedostępne)</translation>
    </message>
    <message>
        <source>Reading %1…</source>
        <translation>Odczytywanie %1…</translation>
    </message>
    <message>
        <source>Cannot use this file: %1</source>
        <translation>Nie można użyć tego pliku: %1</translation>
    </message>
    <message>
        <source>%1, %2 tensors, %3 M parameters</source>
        <translation>%1, tensory: %2, parametry: %3 mln</translation>
    </message>
    <message>
        <source>; looks like %1</source>
        <translation>; wygląda na %1</translation>
    </message>
    <message>
        <source>; head of %1 classes, replaced for this workspace</source>
        <translation>; głowa dla %1 klas, zastąpiona dla tego obszaru roboczego</translation>
    </message>
    <message>
        <source>Processes</source>
        <translation>Procesy</translation>
    </message>
    <message>
        <source>Synchronized BatchNorm</source>
        <translation>Synchronizowany BatchNorm</translation>
    </message>
    <message>
        <source>Train as this many processes on this machine, each on its share of every batch (the global batch is batch size × processes). 1: inside the app.</source>
        <translation>Ucz w tylu procesach na tym komputerze, każdy na swojej części każdej partii (partia globalna = rozmiar partii × liczba procesów). 1: wewnątrz aplikacji.</translation>
    </message>
    <message>
        <source>With several processes: BatchNorm statistics over the global batch instead of each process&apos;s share.</source>
        <translation>Przy kilku procesach: statystyki BatchNorm liczone na całej partii globalnej zamiast na części każdego procesu.</translation>
    </message>
</context>
<context>
    <name>photocat::ui::TrainingWorker</name>
    <message>
        <source>Cannot start %1: %2</source>
        <translation>Nie można uruchomić %1: %2</translation>
    </message>
    <message>
        <source>photocat-cli launch ended with status %1</source>
        <translation>photocat-cli launch zakończył się ze statusem %1</translation>
    </message>
</context>
</TS>
