-- 011: saved meeting sequences ("dagordningar") for Mötesläge. A sequence is an ordered list of
-- view codes (lagesbild.meeting.VIEWS) with a default place and period; the same sequence is
-- also fully described by its URL, so saving is a convenience, not a requirement.
CREATE TABLE agendas (
    agenda_id  VARCHAR PRIMARY KEY,            -- slug of the name
    name       VARCHAR NOT NULL,
    views      VARCHAR NOT NULL,               -- comma-separated view codes, in order
    place_id   VARCHAR,                        -- default place (NULL = the app's default)
    year_from  INTEGER,                        -- NULL = all years
    year_to    INTEGER,
    saved_by   VARCHAR,
    saved_at   TIMESTAMP NOT NULL DEFAULT current_timestamp
);
