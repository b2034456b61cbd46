"""The schema, as numbered, append-only migrations: one ordered list, each step written for
both engines side by side, so that no step can land in one engine only.

Never edit a migration that has shipped: add the next number instead. A test builds a
database at the first migration, fills it, and upgrades it. Each engine runs the list its own
way (`SQLiteEngine.migrate` records it as sqlite-utils does, `PostgresEngine.migrate` in
`claims_migrations`, both inside the writer's transaction).
"""

from collections.abc import Callable
from typing import Any, NamedTuple

Step = str | Callable[[Any], None]  # a script, or a function of the engine for steps SQL alone cannot take


class Migration(NamedTuple):
    name: str
    sqlite: Step
    postgres: Step


def run(engine, step: Step) -> None:
    """One engine's part of a migration, on that engine."""
    if callable(step):
        step(engine)
    else:
        engine.executescript(step)


# PostgreSQL's words for the same steps (team mode): identity keys, `double precision` for
# REAL, an ICU collation named `nocase` for the names SQLite compares with NOCASE (it folds
# every alphabet's case, SQLite only ASCII's), claim ids in byte order (so that a prefix
# finds its claims as in SQLite) and `seq`, the order claims were recorded in, for SQLite's
# rowid. Quote search (FTS5) is SQLite's own and has no counterpart here yet.

# What a person browsing the database reads (migration 005, both engines): the live claims
# with their topic, source, Admiralty code and figures in the topic's unit, and the topics
# whose claims miss each other by more than 10%.
READABLE_VIEWS = """
        CREATE VIEW claims_readable AS
        SELECT c.{recorded} AS claim_rowid, c.id, t.key AS topic, s.name AS source, s.type AS source_type, s.side,
               s.reliability || c.credibility AS admiralty, c.figure,
               c.base_low / coalesce(t.unit_factor, 1.0) AS low, c.base_value / coalesce(t.unit_factor, 1.0) AS best,
               c.base_high / coalesce(t.unit_factor, 1.0) AS high, t.unit, c.status, c.as_of, c.reported_on,
               c.quote, c.url, c.via
        FROM claims c JOIN topics t ON t.id = c.topic_id JOIN sources s ON s.id = c.source_id
        WHERE c.deleted_at IS NULL;

        CREATE VIEW topics_in_conflict AS
        SELECT t.key AS topic, t.unit, count(*) AS claims, count(DISTINCT c.source_id) AS sources,
               max(c.base_low) / coalesce(t.unit_factor, 1.0) AS highest_low,
               min(c.base_high) / coalesce(t.unit_factor, 1.0) AS lowest_high
        FROM claims c JOIN topics t ON t.id = c.topic_id
        WHERE c.deleted_at IS NULL AND c.base_value IS NOT NULL AND c.status NOT IN ('refuted', 'retracted')
        GROUP BY t.id
        HAVING max(c.base_low) > min(c.base_high + 0.1 * abs(c.base_high));

"""


SQLITE_001 = """
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
        );
        CREATE TABLE source_aliases (
            alias TEXT PRIMARY KEY COLLATE NOCASE,
            source_id INTEGER NOT NULL REFERENCES sources(id)
        );
        CREATE INDEX source_aliases_source ON source_aliases(source_id);
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
        );
        CREATE TABLE imports (
            id INTEGER PRIMARY KEY,
            file TEXT NOT NULL,
            format TEXT NOT NULL,
            rows INTEGER NOT NULL,
            at TEXT NOT NULL,
            who TEXT
        );
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
        );
        CREATE INDEX claims_topic ON claims(topic_id, dated);
        CREATE INDEX claims_source ON claims(source_id, dated);
        CREATE INDEX claims_dated ON claims(dated);
        CREATE INDEX claims_status ON claims(status);
        CREATE INDEX claims_import ON claims(import_id);
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
        );
        CREATE INDEX history_entity ON history(entity, entity_id);
        """
POSTGRES_001 = """
        CREATE COLLATION nocase (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
        CREATE TABLE sources (
            id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            name text NOT NULL UNIQUE COLLATE nocase,
            type text NOT NULL,
            side text NOT NULL DEFAULT 'unknown',
            reliability text NOT NULL DEFAULT 'F',
            notes text,
            url text,
            auto_created integer NOT NULL DEFAULT 0,
            created text NOT NULL,
            updated text NOT NULL
        );
        CREATE TABLE source_aliases (
            alias text PRIMARY KEY COLLATE nocase,
            source_id bigint NOT NULL REFERENCES sources(id)
        );
        CREATE INDEX source_aliases_source ON source_aliases(source_id);
        CREATE TABLE topics (
            id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            key text NOT NULL UNIQUE,
            title text,
            unit text,
            dimension text,
            unit_factor double precision,
            kind text,
            created text NOT NULL,
            updated text NOT NULL
        );
        CREATE TABLE imports (
            id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            file text NOT NULL,
            format text NOT NULL,
            rows integer NOT NULL,
            at text NOT NULL,
            who text
        );
        CREATE TABLE claims (
            id text COLLATE "C" PRIMARY KEY,
            seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
            topic_id bigint NOT NULL REFERENCES topics(id),
            source_id bigint NOT NULL REFERENCES sources(id),
            via text NOT NULL DEFAULT '[]',
            figure text,
            value double precision,
            low double precision,
            high double precision,
            unit text,
            qualifier text,
            vague text,
            dimension text,
            base_value double precision,
            base_low double precision,
            base_high double precision,
            figure_warning text,
            quote text,
            url text,
            place text,
            as_of text,
            reported_on text,
            dated text COLLATE "C",
            status text NOT NULL DEFAULT 'unverified',
            credibility integer NOT NULL DEFAULT 6,
            notes text,
            tags text NOT NULL DEFAULT '[]',
            import_id bigint REFERENCES imports(id),
            deleted_at text,
            created text NOT NULL,
            updated text NOT NULL
        );
        CREATE INDEX claims_topic ON claims(topic_id, dated, seq);
        CREATE INDEX claims_source ON claims(source_id, dated);
        CREATE INDEX claims_dated ON claims(dated);
        CREATE INDEX claims_status ON claims(status);
        CREATE INDEX claims_import ON claims(import_id);
        CREATE TABLE history (
            id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            entity text NOT NULL,
            entity_id text NOT NULL,
            action text NOT NULL,
            field text,
            old text,
            new text,
            why text,
            at text NOT NULL,
            who text
        );
        CREATE INDEX history_entity ON history(entity, entity_id);
    """

# Links between claims, sources that copy others, evidence kept with each verification.
SQLITE_002 = """
        CREATE TABLE links (
            id INTEGER PRIMARY KEY,
            claim_id TEXT NOT NULL REFERENCES claims(id),
            other_id TEXT NOT NULL REFERENCES claims(id),
            kind TEXT NOT NULL,
            note TEXT,
            at TEXT NOT NULL,
            who TEXT,
            UNIQUE (claim_id, other_id, kind)
        );
        CREATE INDEX links_other ON links(other_id);
        ALTER TABLE sources ADD COLUMN copies_id INTEGER REFERENCES sources(id);
        ALTER TABLE history ADD COLUMN evidence TEXT;
        CREATE TABLE learned_weights (
            source_id INTEGER PRIMARY KEY REFERENCES sources(id),
            weight REAL NOT NULL,
            evidence INTEGER NOT NULL,
            fingerprint TEXT NOT NULL
        );
        """
POSTGRES_002 = """
        CREATE TABLE links (
            id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
            claim_id text NOT NULL REFERENCES claims(id),
            other_id text NOT NULL REFERENCES claims(id),
            kind text NOT NULL,
            note text,
            at text NOT NULL,
            who text,
            UNIQUE (claim_id, other_id, kind)
        );
        CREATE INDEX links_other ON links(other_id);
        ALTER TABLE sources ADD COLUMN copies_id bigint REFERENCES sources(id);
        ALTER TABLE history ADD COLUMN evidence text;
        CREATE TABLE learned_weights (
            source_id bigint PRIMARY KEY REFERENCES sources(id),
            weight double precision NOT NULL,
            evidence integer NOT NULL,
            fingerprint text NOT NULL
        );
    """

# Removed claims, by topic: a small partial index that lets `conflicts` find each topic's
# latest live date from the topic index alone, checking only topics that have removed claims.
SQLITE_003 = "CREATE INDEX claims_removed ON claims(topic_id, dated) WHERE deleted_at IS NOT NULL"
POSTGRES_003 = "CREATE INDEX claims_removed ON claims(topic_id, dated) WHERE deleted_at IS NOT NULL"

# Removed claims, by source: `sources list` counts a source's live claims as all of them
# (from the source index alone) less the removed ones (from this small partial index),
# instead of looking up every claim of the busiest sources.
SQLITE_004 = "CREATE INDEX claims_removed_by_source ON claims(source_id) WHERE deleted_at IS NOT NULL"
POSTGRES_004 = "CREATE INDEX claims_removed_by_source ON claims(source_id) WHERE deleted_at IS NOT NULL"

# What a person browsing the file (in Datasette, say, with or without this tool) can
# read: the live claims with their topic, source, Admiralty code and figures in the
# topic's unit; the topics whose claims miss each other by more than 10%; and full-text
# search over quotes (kept current by triggers).
SQLITE_005 = READABLE_VIEWS.format(recorded="rowid") + """
        CREATE VIRTUAL TABLE claims_fts USING FTS5 (quote, content="claims", content_rowid="rowid");
        INSERT INTO claims_fts (rowid, quote) SELECT rowid, quote FROM claims;
        CREATE TRIGGER claims_fts_insert AFTER INSERT ON claims BEGIN
            INSERT INTO claims_fts (rowid, quote) VALUES (new.rowid, new.quote);
        END;
        CREATE TRIGGER claims_fts_delete AFTER DELETE ON claims BEGIN
            INSERT INTO claims_fts (claims_fts, rowid, quote) VALUES ('delete', old.rowid, old.quote);
        END;
        CREATE TRIGGER claims_fts_update AFTER UPDATE OF quote ON claims BEGIN
            INSERT INTO claims_fts (claims_fts, rowid, quote) VALUES ('delete', old.rowid, old.quote);
            INSERT INTO claims_fts (rowid, quote) VALUES (new.rowid, new.quote);
        END;
        """
POSTGRES_005 = READABLE_VIEWS.format(recorded="seq")

# Each history entry carries the hash of the one before it (`rules.chain`): an edit of the
# history by hand is found by `claims check`. Existing entries are chained in order. On a
# server, the team's roles come with it (below).
def _sqlite_006(db) -> None:
    db.executescript("ALTER TABLE history ADD COLUMN previous_hash TEXT; ALTER TABLE history ADD COLUMN hash TEXT;")
    chain_history(db)


def chain_history(db) -> int:
    """Chain the entries that have no hash yet, oldest first, after the newest that has one."""
    from claims.rules.chain import FIELDS, START, entry_hash

    head = db.execute("SELECT hash FROM history WHERE hash IS NOT NULL ORDER BY id DESC LIMIT 1").fetchone()
    previous, done = head[0] if head else START, []
    rows = db.execute(f"SELECT id, {', '.join(FIELDS)} FROM history WHERE hash IS NULL ORDER BY id").fetchall()
    for row in rows:
        digest = entry_hash(previous, tuple(row[1:]))
        done.append((previous, digest, row[0]))
        previous = digest
    db.execute_many("UPDATE history SET previous_hash = ?, hash = ? WHERE id = ?", done)
    return len(done)


# Team mode's roles (migration 006): claims_reader reads; claims_analyst also writes, but only
# ever adds history (no update or delete, by grants, a trigger and, for the name it records,
# row-level security) and never deletes a claim (`claims rm` marks it removed); claims_owner
# may do anything but rewrite history. Roles belong to the whole server: made once, by a role
# that may make roles; each base (schema) grants its own tables. The writers' lock is a table
# that only a role allowed to update it can lock (LOCK TABLE in EXCLUSIVE mode needs UPDATE),
# so a read-only role cannot block the writers as it could an advisory lock.
POSTGRES_ROLES = """
    CREATE TABLE claims_writer (locked boolean PRIMARY KEY DEFAULT true);
    CREATE FUNCTION claims_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'the history is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
    END $$;
    CREATE TRIGGER history_append_only BEFORE UPDATE OR DELETE ON history
        FOR EACH ROW EXECUTE FUNCTION claims_history_append_only();
    CREATE TRIGGER history_not_truncated BEFORE TRUNCATE ON history
        FOR EACH STATEMENT EXECUTE FUNCTION claims_history_append_only();
    CREATE FUNCTION claims_owners_delete() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'claims_owner') THEN
            IF pg_has_role(current_user, 'claims_owner', 'MEMBER') THEN
                RETURN OLD;
            END IF;
        END IF;
        IF (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
            RETURN OLD;
        END IF;
        RAISE EXCEPTION 'only claims_owner may delete claims (claims rm marks one removed, kept in history)'
            USING ERRCODE = 'insufficient_privilege';
    END $$;
    CREATE TRIGGER claims_only_owners_delete BEFORE DELETE ON claims
        FOR EACH ROW EXECUTE FUNCTION claims_owners_delete();
    CREATE TRIGGER claims_only_owners_truncate BEFORE TRUNCATE ON claims
        FOR EACH STATEMENT EXECUTE FUNCTION claims_owners_delete();
    ALTER TABLE history ENABLE ROW LEVEL SECURITY;
    CREATE POLICY history_read ON history FOR SELECT USING (true);
    CREATE POLICY history_in_own_name ON history FOR INSERT WITH CHECK (who = current_user);
    DO $$
    BEGIN
        IF (SELECT rolcreaterole OR rolsuper FROM pg_roles WHERE rolname = current_user) THEN
            IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'claims_reader') THEN
                CREATE ROLE claims_reader NOLOGIN;
            END IF;
            IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'claims_analyst') THEN
                CREATE ROLE claims_analyst NOLOGIN IN ROLE claims_reader;
            END IF;
            IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'claims_owner') THEN
                CREATE ROLE claims_owner NOLOGIN IN ROLE claims_analyst;
            END IF;
        END IF;
        IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'claims_owner') THEN
            EXECUTE format('GRANT USAGE ON SCHEMA %I TO claims_reader', current_schema());
            EXECUTE format('GRANT SELECT ON ALL TABLES IN SCHEMA %I TO claims_reader', current_schema());
            GRANT INSERT, UPDATE ON sources, source_aliases, topics, imports, claims, links, learned_weights
                TO claims_analyst;
            GRANT DELETE ON source_aliases, imports, links, learned_weights TO claims_analyst;
            GRANT INSERT ON history TO claims_analyst;
            GRANT UPDATE ON claims_writer TO claims_analyst;
            EXECUTE format('GRANT ALL ON ALL TABLES IN SCHEMA %I TO claims_owner', current_schema());
            -- tables later migrations make (run by this same owner) are granted alike
            EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT ON TABLES TO claims_reader',
                           current_schema());
            EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES '
                           'TO claims_analyst', current_schema());
            EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT ALL ON TABLES TO claims_owner',
                           current_schema());
        END IF;
    END $$;
"""


def _postgres_006(db) -> None:
    db.executescript("ALTER TABLE history ADD COLUMN previous_hash text, ADD COLUMN hash text")
    chain_history(db)  # before the trigger that keeps the history append-only
    db.executescript(POSTGRES_ROLES)


# The likelihood a claimant attached to a claim ("probably", "we assess"), as an ICD 203
# band; None where the claim carries none. The readable views of 005 leave it out.
SQLITE_009 = "ALTER TABLE claims ADD COLUMN likelihood TEXT"
POSTGRES_009 = "ALTER TABLE claims ADD COLUMN likelihood text"

# Topics can be removed (and restored), and figures hedged just short of or just past a
# number, stored before such hedges were read as a band ("nearly 400": anything up to 400),
# are read again as the reader now reads them: 0.9 X to X, X to 1.1 X (figures.reading.BANDS).
# The phrases are written out here, not taken from the reader's tables: a migration says what
# it did when it shipped, whatever the reader says later. Learned weights are dropped: they
# were learned on the old readings, and are relearned.
HEDGE_BANDS = """
        UPDATE claims SET low = value - value / 10, base_low = base_value - base_value / 10, qualifier = 'just_under'
        WHERE qualifier IN ('at_most', 'less_than') AND low IS NULL AND value >= 0 AND high = value
          AND (lower(figure) LIKE 'nearly %' OR lower(figure) LIKE 'almost %' OR lower(figure) LIKE 'close to %'
               OR lower(figure) LIKE 'near %' OR lower(figure) LIKE 'just short of %'
               OR lower(figure) LIKE 'just under %');
        UPDATE claims SET high = value + value / 10, base_high = base_value + base_value / 10, qualifier = 'just_over'
        WHERE qualifier = 'more_than' AND high IS NULL AND value >= 0 AND lower(figure) LIKE 'just over %';
        DELETE FROM learned_weights;
"""
# Migration 007 (both engines): clusters of one claim relayed, accepted (recorded as `relays`
# links that carry the cluster's id, so that undoing it removes exactly those) or rejected
# (so that a review does not ask again); and snapshots of the pages claims cite, kept as
# WARC files beside the database, with the address asked for, the final one, the status,
# the time, the size and the SHA-256 of the body (and of the file, so that any change to it shows).
PROVENANCE = """
        CREATE TABLE clusters (
            id {key},
            topic_id {ref} NOT NULL REFERENCES topics(id),
            first_id TEXT NOT NULL REFERENCES claims(id),
            members TEXT NOT NULL,
            status TEXT NOT NULL,
            at TEXT NOT NULL,
            who TEXT,
            why TEXT
        );
        CREATE INDEX clusters_topic ON clusters(topic_id);
        ALTER TABLE links ADD COLUMN cluster_id {ref} REFERENCES clusters(id);
        CREATE INDEX links_cluster ON links(cluster_id) WHERE cluster_id IS NOT NULL;
        CREATE TABLE snapshots (
            id {key},
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
        CREATE INDEX snapshots_url ON snapshots(url);
"""
SQLITE_007 = PROVENANCE.format(key="INTEGER PRIMARY KEY", ref="INTEGER")
POSTGRES_007 = PROVENANCE.format(key="bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY", ref="bigint")

SQLITE_010 = "ALTER TABLE topics ADD COLUMN deleted_at TEXT;" + HEDGE_BANDS
POSTGRES_010 = "ALTER TABLE topics ADD COLUMN deleted_at text;" + HEDGE_BANDS

# The sources that copy another, in a small index of their own: every `compare` asks which
# they are (`queries.source_roots`), and scanned every source to find out (about a millisecond
# at 5,000 sources, more than fetching a small topic's claims).
SOURCES_THAT_COPY = "CREATE INDEX sources_copying ON sources(copies_id) WHERE copies_id IS NOT NULL"

# Clusters look for the very same figure up to a year back (`queries.reprint_pairs_sql`): by
# topic and value, an index seek per claim instead of a year of the topic's claims (41 s
# against 1 s over a million claims).
SAME_FIGURE = ("CREATE INDEX claims_topic_value ON claims(topic_id, base_value, dated) "
               "WHERE deleted_at IS NULL AND base_value IS NOT NULL")

MIGRATIONS = [
    Migration("001_initial", SQLITE_001, POSTGRES_001),
    Migration("002_verification", SQLITE_002, POSTGRES_002),
    Migration("003_removed_claims_index", SQLITE_003, POSTGRES_003),
    Migration("004_removed_claims_by_source", SQLITE_004, POSTGRES_004),
    Migration("005_views_and_search", SQLITE_005, POSTGRES_005),
    Migration("006_history_chain", _sqlite_006, _postgres_006),
    Migration("007_clusters_and_snapshots", SQLITE_007, POSTGRES_007),
    Migration("009_claim_likelihood", SQLITE_009, POSTGRES_009),
    Migration("010_topic_removal_and_hedge_bands", SQLITE_010, POSTGRES_010),
    Migration("012_sources_that_copy", SOURCES_THAT_COPY, SOURCES_THAT_COPY),
    Migration("013_same_figure_index", SAME_FIGURE, SAME_FIGURE),
]

POSTGRES_RECORD = """
CREATE TABLE IF NOT EXISTS claims_migrations (name text PRIMARY KEY, applied_at text NOT NULL)
"""
