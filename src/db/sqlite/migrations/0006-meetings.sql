-- 0006: coordination meetings with the States/UTs, their action points,
-- each assigned to one or more States, and the States' action-taken
-- reports, which the Cell accepts or returns (src/meetings).
CREATE TABLE meetings (
    id          INTEGER PRIMARY KEY,
    title       TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('nodal_officers', 'steering_committee', 'training_planning', 'other')),
    starts_at   TEXT NOT NULL,          -- YYYY-MM-DDTHH:MM, India Standard Time
    ends_at     TEXT,
    venue       TEXT,
    video_link  TEXT,
    chair       TEXT,
    agenda      TEXT NOT NULL DEFAULT '[]',   -- a JSON array of the items' texts
    status      TEXT NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'held', 'cancelled')),
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  INTEGER NOT NULL,
    created_by  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL,
    updated_by  INTEGER NOT NULL
) STRICT;
CREATE INDEX meetings_starts ON meetings(starts_at);

-- The States invited, whom each sends, and who came.
CREATE TABLE meeting_invitees (
    meeting_id    INTEGER NOT NULL REFERENCES meetings(id),
    state_lgd     INTEGER NOT NULL REFERENCES states(lgd),
    attendee      TEXT,                 -- confirmed by the State
    attendee_designation TEXT,
    confirmed_at  INTEGER,
    confirmed_by  INTEGER,
    attendance    TEXT CHECK (attendance IN ('present', 'absent', 'represented')),
    represented_by TEXT,
    PRIMARY KEY (meeting_id, state_lgd)
) STRICT, WITHOUT ROWID;
CREATE INDEX meeting_invitees_state ON meeting_invitees(state_lgd, meeting_id);

CREATE TABLE action_points (
    id          INTEGER PRIMARY KEY,
    meeting_id  INTEGER NOT NULL REFERENCES meetings(id),
    number      INTEGER NOT NULL,       -- 1, 2, … within the meeting
    text        TEXT NOT NULL,
    due_on      TEXT NOT NULL,          -- YYYY-MM-DD
    created_at  INTEGER NOT NULL,
    created_by  INTEGER NOT NULL,
    UNIQUE (meeting_id, number)
) STRICT;

-- An action point for one State: open until the Cell accepts its report.
CREATE TABLE action_assignments (
    action_point_id INTEGER NOT NULL REFERENCES action_points(id),
    state_lgd   INTEGER NOT NULL REFERENCES states(lgd),
    due_on      TEXT NOT NULL,          -- the action point's, here for the follow-up list's index
    status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'reported', 'returned', 'closed')),
    status_at   INTEGER NOT NULL,
    closed_on   TEXT,
    PRIMARY KEY (action_point_id, state_lgd)
) STRICT, WITHOUT ROWID;
CREATE INDEX action_assignments_pending ON action_assignments(due_on, state_lgd) WHERE status <> 'closed';
CREATE INDEX action_assignments_state ON action_assignments(state_lgd, due_on);

-- How many assignments are pending (not closed), per State and due date:
-- kept by triggers, so that the follow-up list's totals ("45,360 overdue")
-- add a few thousand counters instead of counting every assignment.
CREATE TABLE action_pending_counts (
    state_lgd   INTEGER NOT NULL,
    due_on      TEXT NOT NULL,
    n           INTEGER NOT NULL,
    PRIMARY KEY (state_lgd, due_on)
) STRICT, WITHOUT ROWID;
CREATE TRIGGER action_pending_insert AFTER INSERT ON action_assignments WHEN NEW.status <> 'closed'
BEGIN
    INSERT INTO action_pending_counts (state_lgd, due_on, n) VALUES (NEW.state_lgd, NEW.due_on, 1)
    ON CONFLICT (state_lgd, due_on) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER action_pending_delete AFTER DELETE ON action_assignments WHEN OLD.status <> 'closed'
BEGIN
    UPDATE action_pending_counts SET n = n - 1 WHERE state_lgd = OLD.state_lgd AND due_on = OLD.due_on;
END;
CREATE TRIGGER action_pending_update_old AFTER UPDATE OF status, due_on, state_lgd ON action_assignments
WHEN OLD.status <> 'closed'
BEGIN
    UPDATE action_pending_counts SET n = n - 1 WHERE state_lgd = OLD.state_lgd AND due_on = OLD.due_on;
END;
CREATE TRIGGER action_pending_update_new AFTER UPDATE OF status, due_on, state_lgd ON action_assignments
WHEN NEW.status <> 'closed'
BEGIN
    INSERT INTO action_pending_counts (state_lgd, due_on, n) VALUES (NEW.state_lgd, NEW.due_on, 1)
    ON CONFLICT (state_lgd, due_on) DO UPDATE SET n = n + 1;
END;

CREATE TABLE action_reports (
    id          INTEGER PRIMARY KEY,
    action_point_id INTEGER NOT NULL,
    state_lgd   INTEGER NOT NULL,
    text        TEXT NOT NULL,
    reported_on TEXT NOT NULL,          -- when the State acted, YYYY-MM-DD
    submitted_at INTEGER NOT NULL,
    submitted_by INTEGER NOT NULL,
    decision    TEXT CHECK (decision IN ('accepted', 'returned')),
    decided_at  INTEGER,
    decided_by  INTEGER,
    comment     TEXT,
    FOREIGN KEY (action_point_id, state_lgd) REFERENCES action_assignments(action_point_id, state_lgd)
) STRICT;
CREATE INDEX action_reports_assignment ON action_reports(action_point_id, state_lgd, id);
