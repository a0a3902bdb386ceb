using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IntellyHub.Runtime.PostgreSql.Migrations
{
    /// <summary>
    /// The tables of Quartz.NET's ADO job store (Quartz 4.7 schema, table prefix <c>qrtz_</c>), where the clustered
    /// scheduler keeps the timer, cron and start-at triggers of published workflows and the due times of timed
    /// bookmarks. Not part of the EF model: Quartz reads and writes them itself, and checks them at start.
    /// </summary>
    public partial class QuartzScheduler : Migration
    {
        private static readonly string[] Tables =
        [
            "qrtz_job_status", "qrtz_misfire_history", "qrtz_execution_history", "qrtz_locks", "qrtz_scheduler_state",
            "qrtz_fired_triggers", "qrtz_paused_job_grps", "qrtz_paused_trigger_grps", "qrtz_calendars", "qrtz_blob_triggers",
            "qrtz_simprop_triggers", "qrtz_cron_triggers", "qrtz_simple_triggers", "qrtz_triggers", "qrtz_job_details",
        ];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Jobs and the triggers that fire them; times are UTC ticks (bigint), as Quartz stores them.
            migrationBuilder.Sql("""
                CREATE TABLE qrtz_job_details (
                    sched_name        TEXT    NOT NULL,
                    job_name          TEXT    NOT NULL,
                    job_group         TEXT    NOT NULL,
                    description       TEXT,
                    job_class_name    TEXT    NOT NULL,
                    is_durable        BOOLEAN NOT NULL,
                    is_nonconcurrent  BOOLEAN NOT NULL,
                    is_update_data    BOOLEAN NOT NULL,
                    requests_recovery BOOLEAN NOT NULL,
                    job_data          BYTEA,
                    CONSTRAINT pk_qrtz_job_details PRIMARY KEY (sched_name, job_name, job_group)
                );

                CREATE TABLE qrtz_triggers (
                    sched_name              TEXT    NOT NULL,
                    trigger_name            TEXT    NOT NULL,
                    trigger_group           TEXT    NOT NULL,
                    job_name                TEXT    NOT NULL,
                    job_group               TEXT    NOT NULL,
                    description             TEXT,
                    next_fire_time          BIGINT,
                    prev_fire_time          BIGINT,
                    priority                INTEGER,
                    trigger_state           TEXT    NOT NULL,
                    trigger_type            TEXT    NOT NULL,
                    start_time              BIGINT  NOT NULL,
                    end_time                BIGINT,
                    calendar_name           TEXT,
                    misfire_instr           SMALLINT,
                    misfire_orig_fire_time  BIGINT,
                    execution_group         VARCHAR(200),
                    preferred_node          VARCHAR(200),
                    preferred_node_auto     BOOLEAN NOT NULL DEFAULT FALSE,
                    retry_policy            VARCHAR(250),
                    retry_attempt           INTEGER,
                    continues_trigger_name  TEXT,
                    continues_trigger_group TEXT,
                    continuation_condition  INTEGER,
                    overlap_policy          INTEGER,
                    pause_reason            VARCHAR(250),
                    paused_by               VARCHAR(200),
                    paused_at               BIGINT,
                    misfire_threshold       BIGINT,
                    fixed_delay             BOOLEAN,
                    job_data                BYTEA,
                    CONSTRAINT pk_qrtz_triggers PRIMARY KEY (sched_name, trigger_name, trigger_group),
                    CONSTRAINT fk_qrtz_triggers_job FOREIGN KEY (sched_name, job_name, job_group)
                        REFERENCES qrtz_job_details (sched_name, job_name, job_group)
                );

                CREATE TABLE qrtz_simple_triggers (
                    sched_name      TEXT   NOT NULL,
                    trigger_name    TEXT   NOT NULL,
                    trigger_group   TEXT   NOT NULL,
                    repeat_count    BIGINT NOT NULL,
                    repeat_interval BIGINT NOT NULL,
                    times_triggered BIGINT NOT NULL,
                    CONSTRAINT pk_qrtz_simple_triggers PRIMARY KEY (sched_name, trigger_name, trigger_group),
                    CONSTRAINT fk_qrtz_simple_triggers_trigger FOREIGN KEY (sched_name, trigger_name, trigger_group)
                        REFERENCES qrtz_triggers (sched_name, trigger_name, trigger_group) ON DELETE CASCADE
                );

                CREATE TABLE qrtz_cron_triggers (
                    sched_name      TEXT NOT NULL,
                    trigger_name    TEXT NOT NULL,
                    trigger_group   TEXT NOT NULL,
                    cron_expression TEXT NOT NULL,
                    time_zone_id    TEXT,
                    CONSTRAINT pk_qrtz_cron_triggers PRIMARY KEY (sched_name, trigger_name, trigger_group),
                    CONSTRAINT fk_qrtz_cron_triggers_trigger FOREIGN KEY (sched_name, trigger_name, trigger_group)
                        REFERENCES qrtz_triggers (sched_name, trigger_name, trigger_group) ON DELETE CASCADE
                );

                CREATE TABLE qrtz_simprop_triggers (
                    sched_name    TEXT NOT NULL,
                    trigger_name  TEXT NOT NULL,
                    trigger_group TEXT NOT NULL,
                    str_prop_1    TEXT,
                    str_prop_2    TEXT,
                    str_prop_3    TEXT,
                    int_prop_1    INTEGER,
                    int_prop_2    INTEGER,
                    long_prop_1   BIGINT,
                    long_prop_2   BIGINT,
                    dec_prop_1    NUMERIC,
                    dec_prop_2    NUMERIC,
                    bool_prop_1   BOOLEAN,
                    bool_prop_2   BOOLEAN,
                    time_zone_id  TEXT,
                    CONSTRAINT pk_qrtz_simprop_triggers PRIMARY KEY (sched_name, trigger_name, trigger_group),
                    CONSTRAINT fk_qrtz_simprop_triggers_trigger FOREIGN KEY (sched_name, trigger_name, trigger_group)
                        REFERENCES qrtz_triggers (sched_name, trigger_name, trigger_group) ON DELETE CASCADE
                );

                CREATE TABLE qrtz_blob_triggers (
                    sched_name    TEXT NOT NULL,
                    trigger_name  TEXT NOT NULL,
                    trigger_group TEXT NOT NULL,
                    blob_data     BYTEA,
                    CONSTRAINT pk_qrtz_blob_triggers PRIMARY KEY (sched_name, trigger_name, trigger_group),
                    CONSTRAINT fk_qrtz_blob_triggers_trigger FOREIGN KEY (sched_name, trigger_name, trigger_group)
                        REFERENCES qrtz_triggers (sched_name, trigger_name, trigger_group) ON DELETE CASCADE
                );

                CREATE TABLE qrtz_calendars (
                    sched_name    TEXT  NOT NULL,
                    calendar_name TEXT  NOT NULL,
                    calendar      BYTEA NOT NULL,
                    CONSTRAINT pk_qrtz_calendars PRIMARY KEY (sched_name, calendar_name)
                );

                CREATE TABLE qrtz_paused_trigger_grps (
                    sched_name    TEXT NOT NULL,
                    trigger_group TEXT NOT NULL,
                    pause_reason  VARCHAR(250),
                    paused_by     VARCHAR(200),
                    paused_at     BIGINT,
                    CONSTRAINT pk_qrtz_paused_trigger_grps PRIMARY KEY (sched_name, trigger_group)
                );

                CREATE TABLE qrtz_paused_job_grps (
                    sched_name   TEXT NOT NULL,
                    job_group    TEXT NOT NULL,
                    pause_reason VARCHAR(250),
                    paused_by    VARCHAR(200),
                    paused_at    BIGINT,
                    CONSTRAINT pk_qrtz_paused_job_grps PRIMARY KEY (sched_name, job_group)
                );
                """);

            // The cluster: firings in flight, node check-ins and the row locks every node takes turns on.
            migrationBuilder.Sql("""
                CREATE TABLE qrtz_fired_triggers (
                    sched_name               TEXT    NOT NULL,
                    entry_id                 TEXT    NOT NULL,
                    trigger_name             TEXT    NOT NULL,
                    trigger_group            TEXT    NOT NULL,
                    instance_name            TEXT    NOT NULL,
                    fired_time               BIGINT  NOT NULL,
                    sched_time               BIGINT  NOT NULL,
                    priority                 INTEGER NOT NULL,
                    state                    TEXT    NOT NULL,
                    job_name                 TEXT,
                    job_group                TEXT,
                    is_nonconcurrent         BOOLEAN NOT NULL,
                    requests_recovery        BOOLEAN,
                    execution_group          VARCHAR(200),
                    progress                 INTEGER,
                    progress_message         VARCHAR(250),
                    interrupt_requested_time BIGINT,
                    CONSTRAINT pk_qrtz_fired_triggers PRIMARY KEY (sched_name, entry_id)
                );

                CREATE TABLE qrtz_scheduler_state (
                    sched_name        TEXT   NOT NULL,
                    instance_name     TEXT   NOT NULL,
                    last_checkin_time BIGINT NOT NULL,
                    checkin_interval  BIGINT NOT NULL,
                    quartz_version    VARCHAR(20),
                    CONSTRAINT pk_qrtz_scheduler_state PRIMARY KEY (sched_name, instance_name)
                );

                CREATE TABLE qrtz_locks (
                    sched_name TEXT NOT NULL,
                    lock_name  TEXT NOT NULL,
                    CONSTRAINT pk_qrtz_locks PRIMARY KEY (sched_name, lock_name)
                );
                """);

            // History and status tables: present because the store checks for them, though IntellyHub keeps its own journal.
            migrationBuilder.Sql("""
                CREATE TABLE qrtz_execution_history (
                    sched_name          TEXT    NOT NULL,
                    entry_id            TEXT    NOT NULL,
                    instance_name       TEXT    NOT NULL,
                    job_name            TEXT    NOT NULL,
                    job_group           TEXT    NOT NULL,
                    trigger_name        TEXT    NOT NULL,
                    trigger_group       TEXT    NOT NULL,
                    fired_time          BIGINT  NOT NULL,
                    run_time            BIGINT  NOT NULL,
                    succeeded           BOOLEAN NOT NULL,
                    error_message       TEXT,
                    retry_attempt       INTEGER NOT NULL DEFAULT 0,
                    retry_scheduled     BOOLEAN NOT NULL DEFAULT FALSE,
                    execution_log       TEXT,
                    result              INTEGER,
                    summary             TEXT,
                    metrics             TEXT,
                    manual              BOOLEAN,
                    fire_instance_id    TEXT,
                    job_input           TEXT,
                    job_input_too_large BOOLEAN,
                    CONSTRAINT pk_qrtz_execution_history PRIMARY KEY (sched_name, entry_id)
                );

                CREATE TABLE qrtz_misfire_history (
                    sched_name    TEXT   NOT NULL,
                    entry_id      TEXT   NOT NULL,
                    instance_name TEXT   NOT NULL,
                    trigger_name  TEXT   NOT NULL,
                    trigger_group TEXT   NOT NULL,
                    job_name      TEXT,
                    job_group     TEXT,
                    misfire_time  BIGINT NOT NULL,
                    sched_time    BIGINT,
                    reason        INTEGER,
                    CONSTRAINT pk_qrtz_misfire_history PRIMARY KEY (sched_name, entry_id)
                );

                CREATE TABLE qrtz_job_status (
                    sched_name           TEXT    NOT NULL,
                    job_group            TEXT    NOT NULL,
                    job_name             TEXT    NOT NULL,
                    first_fired_time     BIGINT  NOT NULL,
                    last_fired_time      BIGINT  NOT NULL,
                    last_result          INTEGER NOT NULL,
                    last_run_time        BIGINT  NOT NULL,
                    last_instance_name   TEXT    NOT NULL,
                    last_entry_id        TEXT,
                    last_summary         TEXT,
                    last_success_time    BIGINT,
                    last_failure_time    BIGINT,
                    last_failure_message TEXT,
                    consecutive_failures INTEGER NOT NULL DEFAULT 0,
                    run_count            BIGINT  NOT NULL DEFAULT 0,
                    failure_count        BIGINT  NOT NULL DEFAULT 0,
                    CONSTRAINT pk_qrtz_job_status PRIMARY KEY (sched_name, job_group, job_name)
                );
                """);

            // The lookups the store makes: due triggers in order, a job's triggers, a node's firings, history by time.
            migrationBuilder.Sql("""
                CREATE INDEX ix_qrtz_job_details_group ON qrtz_job_details (sched_name, job_group, job_name);
                CREATE INDEX ix_qrtz_triggers_job ON qrtz_triggers (sched_name, job_name, job_group);
                CREATE INDEX ix_qrtz_triggers_group ON qrtz_triggers (sched_name, trigger_group, trigger_name);
                CREATE INDEX ix_qrtz_triggers_calendar ON qrtz_triggers (sched_name, calendar_name);
                CREATE INDEX ix_qrtz_triggers_due ON qrtz_triggers (sched_name, trigger_state, next_fire_time, priority DESC, misfire_instr);
                CREATE INDEX ix_qrtz_fired_triggers_instance ON qrtz_fired_triggers (sched_name, instance_name, requests_recovery);
                CREATE INDEX ix_qrtz_fired_triggers_job ON qrtz_fired_triggers (sched_name, job_name, job_group);
                CREATE INDEX ix_qrtz_fired_triggers_trigger ON qrtz_fired_triggers (sched_name, trigger_name, trigger_group);
                CREATE INDEX ix_qrtz_execution_history_time ON qrtz_execution_history (sched_name, fired_time);
                CREATE INDEX ix_qrtz_execution_history_instance ON qrtz_execution_history (sched_name, instance_name);
                CREATE INDEX ix_qrtz_execution_history_job ON qrtz_execution_history (sched_name, job_group, job_name, fired_time);
                CREATE INDEX ix_qrtz_execution_history_fire ON qrtz_execution_history (sched_name, fire_instance_id);
                CREATE INDEX ix_qrtz_execution_history_trigger ON qrtz_execution_history (sched_name, trigger_group, trigger_name, fired_time);
                CREATE INDEX ix_qrtz_misfire_history_time ON qrtz_misfire_history (sched_name, misfire_time);
                CREATE INDEX ix_qrtz_misfire_history_instance ON qrtz_misfire_history (sched_name, instance_name);
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var table in Tables) migrationBuilder.Sql($"DROP TABLE IF EXISTS {table};");
        }
    }
}
