-- 004: survey results (Stockholmsenkäten, trygghetsmätningar, NTU, medborgarundersökning, own surveys).

CREATE TABLE surveys (
    survey      VARCHAR PRIMARY KEY,        -- stockholmsenkaten | trygghetsmatning_stad | trygghetsmatning_polis | ntu | medborgarundersokning | egen
    label       VARCHAR NOT NULL,           -- "Stockholmsenkäten"
    publisher   VARCHAR NOT NULL,           -- for the source line: "Stockholms stad"
    population  VARCHAR NOT NULL            -- who answered: "elever i årskurs 9 och gymnasiets år 2"
);

CREATE TABLE survey_indicators (
    survey           VARCHAR NOT NULL,
    indicator_id     VARCHAR NOT NULL,
    label            VARCHAR NOT NULL,
    unit             VARCHAR NOT NULL CHECK (unit IN ('andel', 'index_0_6', 'index_0_100', 'medel_1_10')),
    higher_is_better BOOLEAN,               -- NULL: direction unknown (an indicator added by an import)
    question_text    VARCHAR,
    theme            VARCHAR,               -- trygghet | utsatthet | ordningsstorningar | andt | vapen
    kolada_kpi       VARCHAR,               -- the Kolada KPI carrying this indicator, if any
    sort_order       INTEGER,
    _import_id       BIGINT,                -- set when an import added the indicator
    PRIMARY KEY (survey, indicator_id)
);

CREATE TABLE survey_results (
    survey        VARCHAR NOT NULL,
    year          INTEGER NOT NULL,
    place_id      VARCHAR NOT NULL,
    indicator_id  VARCHAR NOT NULL,
    grade         VARCHAR NOT NULL CHECK (grade IN ('ak9', 'gy2', 'alla')),
    gender        VARCHAR NOT NULL CHECK (gender IN ('T', 'K', 'M')),
    value         DOUBLE,                   -- NULL when suppressed in the source (flag says why)
    unit          VARCHAR NOT NULL CHECK (unit IN ('andel', 'index_0_6', 'index_0_100', 'medel_1_10')),
    n_respondents INTEGER,                  -- NULL when the source does not say
    flag          VARCHAR,                  -- '..', 'XX', 'n<10' (as the source marked it)
    _import_id    BIGINT NOT NULL,
    source_label  VARCHAR                   -- the indicator as the source wrote it
);

CREATE TABLE survey_results_replaced AS SELECT *, NULL::BIGINT AS _replaced_by FROM survey_results LIMIT 0;
