-- view claims_readable
CREATE VIEW claims_readable AS
        SELECT c.rowid AS claim_rowid, c.id, t.key AS topic, s.name AS source, s.type AS source_type, s.side,
               s.reliability || c.credibility AS admiralty, c.figure,
               c.base_low / coalesce(t.unit_factor, 1.0) AS low, c.base_value / coalesce(t.unit_factor, 1.0) AS best,
               c.base_high / coalesce(t.unit_factor, 1.0) AS high, t.unit, c.status, c.as_of, c.reported_on,
               c.quote, c.url, c.via
        FROM claims c JOIN topics t ON t.id = c.topic_id JOIN sources s ON s.id = c.source_id
        WHERE c.deleted_at IS NULL;

-- view topics_in_conflict
CREATE VIEW topics_in_conflict AS
        SELECT t.key AS topic, t.unit, count(*) AS claims, count(DISTINCT c.source_id) AS sources,
               max(c.base_low) / coalesce(t.unit_factor, 1.0) AS highest_low,
               min(c.base_high) / coalesce(t.unit_factor, 1.0) AS lowest_high
        FROM claims c JOIN topics t ON t.id = c.topic_id
        WHERE c.deleted_at IS NULL AND c.base_value IS NOT NULL AND c.status NOT IN ('refuted', 'retracted')
        GROUP BY t.id
        HAVING max(c.base_low) > min(c.base_high + 0.1 * abs(c.base_high));

-- trigger claims_fts_delete
CREATE TRIGGER claims_fts_delete AFTER DELETE ON claims BEGIN
            INSERT INTO claims_fts (claims_fts, rowid, quote) VALUES ('delete', old.rowid, old.quote);
        END;

-- trigger claims_fts_insert
CREATE TRIGGER claims_fts_insert AFTER INSERT ON claims BEGIN
            INSERT INTO claims_fts (rowid, quote) VALUES (new.rowid, new.quote);
        END;

-- trigger claims_fts_update
CREATE TRIGGER claims_fts_update AFTER UPDATE OF quote ON claims BEGIN
            INSERT INTO claims_fts (claims_fts, rowid, quote) VALUES ('delete', old.rowid, old.quote);
            INSERT INTO claims_fts (rowid, quote) VALUES (new.rowid, new.quote);
        END;

-- table _sqlite_migrations
CREATE TABLE "_sqlite_migrations" (
   "id" INTEGER PRIMARY KEY,
   "migration_set" TEXT,
   "name" TEXT,
   "applied_at" TEXT
);

-- table claims
CREATE TABLE claims (
            id TEXT PRIMARY KEY,
            topic_id INTEGER NOT NULL REFERENCES topics(id),
            source_id INTEGER NOT NULL REFERENCES sources(id),
            via TEXT NOT NULL DEFAULT '[]',
            figure TEXT,
            value REAL,
            low REAL,
            high REAL,
            unit TEXT,
            qualifier TEXT,
            vague TEXT,
            dimension TEXT,
            base_value REAL,
            base_low REAL,
            base_high REAL,
            figure_warning TEXT,
            quote TEXT,
            url TEXT,
            place TEXT,
            as_of TEXT,
            reported_on TEXT,
            dated TEXT,
            status TEXT NOT NULL DEFAULT 'unverified',
            credibility INTEGER NOT NULL DEFAULT 6,
            notes TEXT,
            tags TEXT NOT NULL DEFAULT '[]',
            import_id INTEGER REFERENCES imports(id),
            deleted_at TEXT,
            created TEXT NOT NULL,
            updated TEXT NOT NULL
        , likelihood TEXT);

-- table claims_fts
CREATE VIRTUAL TABLE claims_fts USING FTS5 (quote, content="claims", content_rowid="rowid");

-- table claims_fts_config
CREATE TABLE 'claims_fts_config'(k PRIMARY KEY, v) WITHOUT ROWID;

-- table claims_fts_data
CREATE TABLE 'claims_fts_data'(id INTEGER PRIMARY KEY, block BLOB);

-- table claims_fts_docsize
CREATE TABLE 'claims_fts_docsize'(id INTEGER PRIMARY KEY, sz BLOB);

-- table claims_fts_idx
CREATE TABLE 'claims_fts_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;

-- table clusters
CREATE TABLE clusters (
            id INTEGER PRIMARY KEY,
            topic_id INTEGER NOT NULL REFERENCES topics(id),
            first_id TEXT NOT NULL REFERENCES claims(id),
            members TEXT NOT NULL,
            status TEXT NOT NULL,
            at TEXT NOT NULL,
            who TEXT,
            why TEXT
        );

-- table history
CREATE TABLE history (
            id INTEGER PRIMARY KEY,
            entity TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            action TEXT NOT NULL,
            field TEXT,
            old TEXT,
            new TEXT,
            why TEXT,
            at TEXT NOT NULL,
            who TEXT
        , evidence TEXT, previous_hash TEXT, hash TEXT);

-- table imports
CREATE TABLE imports (
            id INTEGER PRIMARY KEY,
            file TEXT NOT NULL,
            format TEXT NOT NULL,
            rows INTEGER NOT NULL,
            at TEXT NOT NULL,
            who TEXT
        );

-- table learned_weights
CREATE TABLE learned_weights (
            source_id INTEGER PRIMARY KEY REFERENCES sources(id),
            weight REAL NOT NULL,
            evidence INTEGER NOT NULL,
            fingerprint TEXT NOT NULL
        );

-- table links
CREATE TABLE links (
            id INTEGER PRIMARY KEY,
            claim_id TEXT NOT NULL REFERENCES claims(id),
            other_id TEXT NOT NULL REFERENCES claims(id),
            kind TEXT NOT NULL,
            note TEXT,
            at TEXT NOT NULL,
            who TEXT, cluster_id INTEGER REFERENCES clusters(id),
            UNIQUE (claim_id, other_id, kind)
        );

-- table snapshots
CREATE TABLE snapshots (
            id INTEGER PRIMARY KEY,
            url TEXT NOT NULL,
            final_url TEXT,
            status INTEGER,
            fetched_at TEXT NOT NULL,
            size INTEGER,
            sha256 TEXT,
            file TEXT,
            file_sha256 TEXT,
            error TEXT
        );

-- table source_aliases
CREATE TABLE source_aliases (
            alias TEXT PRIMARY KEY COLLATE NOCASE,
            source_id INTEGER NOT NULL REFERENCES sources(id)
        );

-- table sources
CREATE TABLE sources (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            type TEXT NOT NULL,
            side TEXT NOT NULL DEFAULT 'unknown',
            reliability TEXT NOT NULL DEFAULT 'F',
            notes TEXT,
            url TEXT,
            auto_created INTEGER NOT NULL DEFAULT 0,
            created TEXT NOT NULL,
            updated TEXT NOT NULL
        , copies_id INTEGER REFERENCES sources(id));

-- table topics
CREATE TABLE topics (
            id INTEGER PRIMARY KEY,
            key TEXT NOT NULL UNIQUE,
            title TEXT,
            unit TEXT,
            dimension TEXT,
            unit_factor REAL,
            kind TEXT,
            created TEXT NOT NULL,
            updated TEXT NOT NULL
        , deleted_at TEXT);

-- index claims_dated
CREATE INDEX claims_dated ON claims(dated);

-- index claims_import
CREATE INDEX claims_import ON claims(import_id);

-- index claims_removed
CREATE INDEX claims_removed ON claims(topic_id, dated) WHERE deleted_at IS NOT NULL;

-- index claims_removed_by_source
CREATE INDEX claims_removed_by_source ON claims(source_id) WHERE deleted_at IS NOT NULL;

-- index claims_source
CREATE INDEX claims_source ON claims(source_id, dated);

-- index claims_status
CREATE INDEX claims_status ON claims(status);

-- index claims_topic
CREATE INDEX claims_topic ON claims(topic_id, dated);

-- index claims_topic_value
CREATE INDEX claims_topic_value ON claims(topic_id, base_value, dated) WHERE deleted_at IS NULL AND base_value IS NOT NULL;

-- index clusters_topic
CREATE INDEX clusters_topic ON clusters(topic_id);

-- index history_entity
CREATE INDEX history_entity ON history(entity, entity_id);

-- index idx__sqlite_migrations_migration_set_name
CREATE UNIQUE INDEX "idx__sqlite_migrations_migration_set_name"
    ON "_sqlite_migrations" ("migration_set", "name");

-- index links_cluster
CREATE INDEX links_cluster ON links(cluster_id) WHERE cluster_id IS NOT NULL;

-- index links_other
CREATE INDEX links_other ON links(other_id);

-- index snapshots_url
CREATE INDEX snapshots_url ON snapshots(url);

-- index source_aliases_source
CREATE INDEX source_aliases_source ON source_aliases(source_id);

-- index sources_copying
CREATE INDEX sources_copying ON sources(copies_id) WHERE copies_id IS NOT NULL;
