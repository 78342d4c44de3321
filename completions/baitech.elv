
use builtin;
use str;

set edit:completion:arg-completer[baitech] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'baitech'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'baitech'= {
            cand --env-file 'Read variables from this file instead of ./.env (the environment still wins)'
            cand --environment 'development | test | production [env: BAITECH_ENV]'
            cand --mongodb-uri 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]'
            cand --mongodb-db 'MongoDB database name [env: MONGODB_DB]'
            cand --redis-url 'Redis URL; unset = in-process cache [env: REDIS_URL]'
            cand --data-dir 'Embedded store directory [env: BAITECH_DATA]'
            cand --json 'Machine-readable JSON output instead of tables and text'
            cand -v 'More log output (-v debug, -vv trace)'
            cand --verbose 'More log output (-v debug, -vv trace)'
            cand -q 'Only warnings and errors'
            cand --quiet 'Only warnings and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand serve 'Run the HTTP API server'
            cand health 'Check the store, the cache and optionally a running server'
            cand completions 'Print shell completions'
            cand seed 'Load the fixture set (admin account and demo data) and generate data at scale'
            cand cleanup 'Remove old messages and notifications, expired tokens and deleted conversations'
            cand indexes 'Create the indexes the product needs (idempotent)'
            cand settlements 'Transactions, payout batches, reconciliation of the books and technician payouts'
            cand disputes 'Bookings in dispute: list them, show one, settle one as an admin'
            cand export 'Stream a dataset (bookings, transactions, ledger, ...) to CSV, JSON or NDJSON'
            cand moderate 'The moderation queue of posts, comments and reviews: review, approve, remove, and the log'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'baitech;serve'= {
            cand --addr 'Listen address [env: BAITECH_ADDR, PORT; default 127.0.0.1:5000]'
            cand --env-file 'Read variables from this file instead of ./.env (the environment still wins)'
            cand --environment 'development | test | production [env: BAITECH_ENV]'
            cand --mongodb-uri 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]'
            cand --mongodb-db 'MongoDB database name [env: MONGODB_DB]'
            cand --redis-url 'Redis URL; unset = in-process cache [env: REDIS_URL]'
            cand --data-dir 'Embedded store directory [env: BAITECH_DATA]'
            cand --no-indexes 'Skip creating indexes at start-up in development'
            cand --json 'Machine-readable JSON output instead of tables and text'
            cand -v 'More log output (-v debug, -vv trace)'
            cand --verbose 'More log output (-v debug, -vv trace)'
            cand -q 'Only warnings and errors'
            cand --quiet 'Only warnings and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'baitech;health'= {
            cand --url 'Also check a running server''s /health/ready, e.g. http://127.0.0.1:5000'
            cand --env-file 'Read variables from this file instead of ./.env (the environment still wins)'
            cand --environment 'development | test | production [env: BAITECH_ENV]'
            cand --mongodb-uri 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]'
            cand --mongodb-db 'MongoDB database name [env: MONGODB_DB]'
            cand --redis-url 'Redis URL; unset = in-process cache [env: REDIS_URL]'
            cand --data-dir 'Embedded store directory [env: BAITECH_DATA]'
            cand --no-stats 'Skip the per-collection statistics'
            cand --deep 'Also recompute rating statistics from the reviews and report users whose counters drifted (exit code 1 when any did)'
            cand --repair 'With --deep: replace drifted counters with the recomputed ones'
            cand --json 'Machine-readable JSON output instead of tables and text'
            cand -v 'More log output (-v debug, -vv trace)'
            cand --verbose 'More log output (-v debug, -vv trace)'
            cand -q 'Only warnings and errors'
            cand --quiet 'Only warnings and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'baitech;completions'= {
            cand --out-dir 'Write the script into this directory instead of printing it'
            cand --env-file 'Read variables from this file instead of ./.env (the environment still wins)'
            cand --environment 'development | test | production [env: BAITECH_ENV]'
            cand --mongodb-uri 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]'
            cand --mongodb-db 'MongoDB database name [env: MONGODB_DB]'
            cand --redis-url 'Redis URL; unset = in-process cache [env: REDIS_URL]'
            cand --data-dir 'Embedded store directory [env: BAITECH_DATA]'
            cand --json 'Machine-readable JSON output instead of tables and text'
            cand -v 'More log output (-v debug, -vv trace)'
            cand --verbose 'More log output (-v debug, -vv trace)'
            cand -q 'Only warnings and errors'
            cand --quiet 'Only warnings and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'baitech;seed'= {
            cand --users 'Generate this many users (~40% technicians, the rest customers)'
            cand --posts 'Generate this many posts by technicians'
            cand --bookings 'Generate this many bookings between customers and technicians, in every state'
            cand --messages 'Generate this many chat messages (in conversations of about twenty)'
            cand --seed 'Random seed; the same seed and --as-of give the same data (default: random, reported)'
            cand --batch-size 'Documents per bulk insert'
            cand --as-of 'The "now" of generated data, RFC 3339 (default: the start of today, UTC)'
            cand --admin-password 'Password of admin@baitech.co.ke (default: generated and printed once)'
            cand --demo-password 'Password of the other fixture users (default: generated and printed once)'
            cand --env-file 'Read variables from this file instead of ./.env (the environment still wins)'
            cand --environment 'development | test | production [env: BAITECH_ENV]'
            cand --mongodb-uri 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]'
            cand --mongodb-db 'MongoDB database name [env: MONGODB_DB]'
            cand --redis-url 'Redis URL; unset = in-process cache [env: REDIS_URL]'
            cand --data-dir 'Embedded store directory [env: BAITECH_DATA]'
            cand --no-fixtures 'Do not load the fixture set, only generate'
            cand --reset 'Delete every document of every collection first'
            cand --force 'Allow seeding a production environment'
            cand --json 'Machine-readable JSON output instead of tables and text'
            cand -v 'More log output (-v debug, -vv trace)'
            cand --verbose 'More log output (-v debug, -vv trace)'
            cand -q 'Only warnings and errors'
            cand --quiet 'Only warnings and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'baitech;cleanup'= {
            cand --batch-size 'Documents per delete batch'
            cand --message-days 'Remove messages older than this many days [default: MESSAGE_RETENTION_DAYS or 90]'
            cand --notification-days 'Remove read notifications older than this many days [default: NOTIFICATION_RETENTION_DAYS or 30]'
            cand --delivery-days 'Remove finished notification deliveries unchanged for this many days [default: DELIVERY_RETENTION_DAYS or 30]'
            cand --env-file 'Read variables from this file instead of ./.env (the environment still wins)'
            cand --environment 'development | test | production [env: BAITECH_ENV]'
            cand --mongodb-uri 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]'
            cand --mongodb-db 'MongoDB database name [env: MONGODB_DB]'
            cand --redis-url 'Redis URL; unset = in-process cache [env: REDIS_URL]'
            cand --data-dir 'Embedded store directory [env: BAITECH_DATA]'
            cand --dry-run 'Count what each rule would remove; change nothing'
            cand --json 'Machine-readable JSON output instead of tables and text'
            cand -v 'More log output (-v debug, -vv trace)'
            cand --verbose 'More log output (-v debug, -vv trace)'
            cand -q 'Only warnings and errors'
            cand --quiet 'Only warnings and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'baitech;indexes'= {
            cand --env-file 'Read variables from this file instead of ./.env (the environment still wins)'
            cand --environment 'development | test | production [env: BAITECH_ENV]'
            cand --mongodb-uri 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]'
            cand --mongodb-db 'MongoDB database name [env: MONGODB_DB]'
            cand --redis-url 'Redis URL; unset = in-process cache [env: REDIS_URL]'
            cand --data-dir 'Embedded store directory [env: BAITECH_DATA]'
            cand --dry-run 'Report what would be created or rebuilt; change nothing'
            cand --json 'Machine-readable JSON output instead of tables and text'
            cand -v 'More log output (-v debug, -vv trace)'
            cand --verbose 'More log output (-v debug, -vv trace)'
            cand -q 'Only warnings and errors'
            cand --quiet 'Only warnings and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'baitech;settlements'= {
            cand --env-file 'Read variables from this file instead of ./.env (the environment still wins)'
            cand --environment 'development | test | production [env: BAITECH_ENV]'
            cand --mongodb-uri 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]'
            cand --mongodb-db 'MongoDB database name [env: MONGODB_DB]'
            cand --redis-url 'Redis URL; unset = in-process cache [env: REDIS_URL]'
            cand --data-dir 'Embedded store directory [env: BAITECH_DATA]'
            cand --json 'Machine-readable JSON output instead of tables and text'
            cand -v 'More log output (-v debug, -vv trace)'
            cand --verbose 'More log output (-v debug, -vv trace)'
            cand -q 'Only warnings and errors'
            cand --quiet 'Only warnings and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'Transactions, newest first, filtered'
            cand batches 'Payout batches, newest first'
            cand reconcile 'Check that the books balance; exits 1 when anything does not add up'
            cand payout 'Pay technicians what they are owed over M-Pesa (a dry run unless --execute)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'baitech;settlements;list'= {
            cand --status 'Only these statuses (comma-separated)'
            cand --type 'Only this type'
            cand --gateway 'Only this gateway'
            cand --user 'Only transactions this user paid (user id)'
            cand --booking 'Only this booking''s transactions (booking id)'
            cand --from 'Created at or after this time (RFC 3339)'
            cand --to 'Created at or before this time (RFC 3339)'
            cand --limit 'At most this many transactions (the store is read page by page)'
            cand --format 'Output format (`--json` means json)'
            cand --env-file 'Read variables from this file instead of ./.env (the environment still wins)'
            cand --environment 'development | test | production [env: BAITECH_ENV]'
            cand --mongodb-uri 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]'
            cand --mongodb-db 'MongoDB database name [env: MONGODB_DB]'
            cand --redis-url 'Redis URL; unset = in-process cache [env: REDIS_URL]'
            cand --data-dir 'Embedded store directory [env: BAITECH_DATA]'
            cand --json 'Machine-readable JSON output instead of tables and text'
            cand -v 'More log output (-v debug, -vv trace)'
            cand --verbose 'More log output (-v debug, -vv trace)'
            cand -q 'Only warnings and errors'
            cand --quiet 'Only warnings and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'baitech;settlements;batches'= {
            cand --status 'Only these statuses (comma-separated)'
            cand --limit 'At most this many batches'
            cand --format 'Output format (`--json` means json)'
            cand --env-file 'Read variables from this file instead of ./.env (the environment still wins)'
            cand --environment 'development | test | production [env: BAITECH_ENV]'
            cand --mongodb-uri 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]'
            cand --mongodb-db 'MongoDB database name [env: MONGODB_DB]'
            cand --redis-url 'Redis URL; unset = in-process cache [env: REDIS_URL]'
            cand --data-dir 'Embedded store directory [env: BAITECH_DATA]'
            cand --json 'Machine-readable JSON output instead of tables and text'
            cand -v 'More log output (-v debug, -vv trace)'
            cand --verbose 'More log output (-v debug, -vv trace)'
            cand -q 'Only warnings and errors'
            cand --quiet 'Only warnings and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'baitech;settlements;reconcile'= {
            cand --escrow-grace-hours 'Report escrow held this many hours past its release time'
            cand --env-file 'Read variables from this file instead of ./.env (the environment still wins)'
            cand --environment 'development | test | production [env: BAITECH_ENV]'
            cand --mongodb-uri 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]'
            cand --mongodb-db 'MongoDB database name [env: MONGODB_DB]'
            cand --redis-url 'Redis URL; unset = in-process cache [env: REDIS_URL]'
            cand --data-dir 'Embedded store directory [env: BAITECH_DATA]'
            cand --json 'Machine-readable JSON output instead of tables and text'
            cand -v 'More log output (-v debug, -vv trace)'
            cand --verbose 'More log output (-v debug, -vv trace)'
            cand -q 'Only warnings and errors'
            cand --quiet 'Only warnings and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'baitech;settlements;payout'= {
            cand --min-amount 'Pay only technicians owed at least this much (KES, e.g. 100 or 250.50)'
            cand --admin 'E-mail of the admin recorded as creating the batch [default: the first active admin]'
            cand --env-file 'Read variables from this file instead of ./.env (the environment still wins)'
            cand --environment 'development | test | production [env: BAITECH_ENV]'
            cand --mongodb-uri 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]'
            cand --mongodb-db 'MongoDB database name [env: MONGODB_DB]'
            cand --redis-url 'Redis URL; unset = in-process cache [env: REDIS_URL]'
            cand --data-dir 'Embedded store directory [env: BAITECH_DATA]'
            cand --execute 'Pay for real; without it nothing is paid'
            cand -y 'Do not ask for confirmation (needed without a terminal)'
            cand --yes 'Do not ask for confirmation (needed without a terminal)'
            cand --json 'Machine-readable JSON output instead of tables and text'
            cand -v 'More log output (-v debug, -vv trace)'
            cand --verbose 'More log output (-v debug, -vv trace)'
            cand -q 'Only warnings and errors'
            cand --quiet 'Only warnings and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'baitech;settlements;help'= {
            cand list 'Transactions, newest first, filtered'
            cand batches 'Payout batches, newest first'
            cand reconcile 'Check that the books balance; exits 1 when anything does not add up'
            cand payout 'Pay technicians what they are owed over M-Pesa (a dry run unless --execute)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'baitech;settlements;help;list'= {
        }
        &'baitech;settlements;help;batches'= {
        }
        &'baitech;settlements;help;reconcile'= {
        }
        &'baitech;settlements;help;payout'= {
        }
        &'baitech;settlements;help;help'= {
        }
        &'baitech;disputes'= {
            cand --env-file 'Read variables from this file instead of ./.env (the environment still wins)'
            cand --environment 'development | test | production [env: BAITECH_ENV]'
            cand --mongodb-uri 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]'
            cand --mongodb-db 'MongoDB database name [env: MONGODB_DB]'
            cand --redis-url 'Redis URL; unset = in-process cache [env: REDIS_URL]'
            cand --data-dir 'Embedded store directory [env: BAITECH_DATA]'
            cand --json 'Machine-readable JSON output instead of tables and text'
            cand -v 'More log output (-v debug, -vv trace)'
            cand --verbose 'More log output (-v debug, -vv trace)'
            cand -q 'Only warnings and errors'
            cand --quiet 'Only warnings and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'Bookings in dispute, newest first'
            cand show 'One dispute: parties, timeline, evidence, money, audit trail and the booking''s chat'
            cand resolve 'Settle a dispute as an admin: refund the customer, release to the technician, or split'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'baitech;disputes;list'= {
            cand --limit 'At most this many bookings'
            cand --env-file 'Read variables from this file instead of ./.env (the environment still wins)'
            cand --environment 'development | test | production [env: BAITECH_ENV]'
            cand --mongodb-uri 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]'
            cand --mongodb-db 'MongoDB database name [env: MONGODB_DB]'
            cand --redis-url 'Redis URL; unset = in-process cache [env: REDIS_URL]'
            cand --data-dir 'Embedded store directory [env: BAITECH_DATA]'
            cand --json 'Machine-readable JSON output instead of tables and text'
            cand -v 'More log output (-v debug, -vv trace)'
            cand --verbose 'More log output (-v debug, -vv trace)'
            cand -q 'Only warnings and errors'
            cand --quiet 'Only warnings and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'baitech;disputes;show'= {
            cand --messages 'Show this many of the chat''s last messages'
            cand --env-file 'Read variables from this file instead of ./.env (the environment still wins)'
            cand --environment 'development | test | production [env: BAITECH_ENV]'
            cand --mongodb-uri 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]'
            cand --mongodb-db 'MongoDB database name [env: MONGODB_DB]'
            cand --redis-url 'Redis URL; unset = in-process cache [env: REDIS_URL]'
            cand --data-dir 'Embedded store directory [env: BAITECH_DATA]'
            cand --json 'Machine-readable JSON output instead of tables and text'
            cand -v 'More log output (-v debug, -vv trace)'
            cand --verbose 'More log output (-v debug, -vv trace)'
            cand -q 'Only warnings and errors'
            cand --quiet 'Only warnings and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'baitech;disputes;resolve'= {
            cand --outcome 'How the dispute is settled (asked for at a terminal when left out)'
            cand --amount 'Refund to the customer in KES: required for refund_partial; split defaults to half'
            cand --reason 'Why (kept on the booking and in the audit log)'
            cand --admin 'E-mail of the admin acting [default: the first active admin]'
            cand --env-file 'Read variables from this file instead of ./.env (the environment still wins)'
            cand --environment 'development | test | production [env: BAITECH_ENV]'
            cand --mongodb-uri 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]'
            cand --mongodb-db 'MongoDB database name [env: MONGODB_DB]'
            cand --redis-url 'Redis URL; unset = in-process cache [env: REDIS_URL]'
            cand --data-dir 'Embedded store directory [env: BAITECH_DATA]'
            cand -y 'Do not ask for confirmation (needed without a terminal)'
            cand --yes 'Do not ask for confirmation (needed without a terminal)'
            cand --json 'Machine-readable JSON output instead of tables and text'
            cand -v 'More log output (-v debug, -vv trace)'
            cand --verbose 'More log output (-v debug, -vv trace)'
            cand -q 'Only warnings and errors'
            cand --quiet 'Only warnings and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'baitech;disputes;help'= {
            cand list 'Bookings in dispute, newest first'
            cand show 'One dispute: parties, timeline, evidence, money, audit trail and the booking''s chat'
            cand resolve 'Settle a dispute as an admin: refund the customer, release to the technician, or split'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'baitech;disputes;help;list'= {
        }
        &'baitech;disputes;help;show'= {
        }
        &'baitech;disputes;help;resolve'= {
        }
        &'baitech;disputes;help;help'= {
        }
        &'baitech;export'= {
            cand --env-file 'Read variables from this file instead of ./.env (the environment still wins)'
            cand --environment 'development | test | production [env: BAITECH_ENV]'
            cand --mongodb-uri 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]'
            cand --mongodb-db 'MongoDB database name [env: MONGODB_DB]'
            cand --redis-url 'Redis URL; unset = in-process cache [env: REDIS_URL]'
            cand --data-dir 'Embedded store directory [env: BAITECH_DATA]'
            cand --json 'Machine-readable JSON output instead of tables and text'
            cand -v 'More log output (-v debug, -vv trace)'
            cand --verbose 'More log output (-v debug, -vv trace)'
            cand -q 'Only warnings and errors'
            cand --quiet 'Only warnings and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand bookings 'Bookings with their price breakdown, by creation time'
            cand transactions 'Payments, refunds and payouts with their split, by creation time'
            cand settlements 'Payout batches, one row per payout item, by batch creation time'
            cand ledger 'Ledger lines (double entry), by posting time'
            cand users 'User accounts, by creation time'
            cand technicians 'Technicians with their trades, statistics and earnings, by account creation time'
            cand audit 'The audit log of privileged actions, by time of action'
            cand reviews 'Reviews with their ratings, moderation and votes, by creation time'
            cand posts 'Feed posts with their engagement and moderation, by creation time'
            cand moderation 'Moderation decisions on posts, comments and reviews (from the audit log), by time'
            cand notifications 'Notifications, one row per channel with delivery status, attempts and SMS cost, by creation time'
            cand columns 'The columns of each dataset: CSV header, meaning, and whether it is personal data'
            cand report 'An operators'' report: revenue, technicians, bookings (the funnel) or disputes'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'baitech;export;bookings'= {
            cand --from 'Start of the range, inclusive: a date (midnight in --tz), a local time, or RFC 3339'
            cand --to 'End of the range, exclusive: a date (midnight in --tz), a local time, or RFC 3339'
            cand --tz 'Time zone dates are read in and CSV times written in (IANA name)'
            cand --status 'Only rows in this state (bookings, transactions, settlements, users, technicians, reviews; posts by moderation state; moderation by decision: approve or remove)'
            cand --city 'Only this city, any case (bookings, users, technicians, posts)'
            cand --category 'Only this service category (bookings, technicians, posts)'
            cand --technician 'Only this technician''s rows, by user id (bookings, transactions, settlements; reviews by or about them)'
            cand --format 'Output format'
            cand --columns 'Columns to write, in this order, comma-separated (see `export columns`)'
            cand -o 'Write here instead of stdout; a name ending in .gz is gzip-compressed'
            cand --out 'Write here instead of stdout; a name ending in .gz is gzip-compressed'
            cand --admin 'E-mail of the admin exporting, named in the audit entry [default: the first active admin]'
            cand --env-file 'Read variables from this file instead of ./.env (the environment still wins)'
            cand --environment 'development | test | production [env: BAITECH_ENV]'
            cand --mongodb-uri 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]'
            cand --mongodb-db 'MongoDB database name [env: MONGODB_DB]'
            cand --redis-url 'Redis URL; unset = in-process cache [env: REDIS_URL]'
            cand --data-dir 'Embedded store directory [env: BAITECH_DATA]'
            cand --include-pii 'Include personal data (names, e-mails, phones, addresses); writes an audit entry'
            cand --json 'Machine-readable JSON output instead of tables and text'
            cand -v 'More log output (-v debug, -vv trace)'
            cand --verbose 'More log output (-v debug, -vv trace)'
            cand -q 'Only warnings and errors'
            cand --quiet 'Only warnings and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'baitech;export;transactions'= {
            cand --from 'Start of the range, inclusive: a date (midnight in --tz), a local time, or RFC 3339'
            cand --to 'End of the range, exclusive: a date (midnight in --tz), a local time, or RFC 3339'
            cand --tz 'Time zone dates are read in and CSV times written in (IANA name)'
            cand --status 'Only rows in this state (bookings, transactions, settlements, users, technicians, reviews; posts by moderation state; moderation by decision: approve or remove)'
            cand --city 'Only this city, any case (bookings, users, technicians, posts)'
            cand --category 'Only this service category (bookings, technicians, posts)'
            cand --technician 'Only this technician''s rows, by user id (bookings, transactions, settlements; reviews by or about them)'
            cand --format 'Output format'
            cand --columns 'Columns to write, in this order, comma-separated (see `export columns`)'
            cand -o 'Write here instead of stdout; a name ending in .gz is gzip-compressed'
            cand --out 'Write here instead of stdout; a name ending in .gz is gzip-compressed'
            cand --admin 'E-mail of the admin exporting, named in the audit entry [default: the first active admin]'
            cand --env-file 'Read variables from this file instead of ./.env (the environment still wins)'
            cand --environment 'development | test | production [env: BAITECH_ENV]'
            cand --mongodb-uri 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]'
            cand --mongodb-db 'MongoDB database name [env: MONGODB_DB]'
            cand --redis-url 'Redis URL; unset = in-process cache [env: REDIS_URL]'
            cand --data-dir 'Embedded store directory [env: BAITECH_DATA]'
            cand --include-pii 'Include personal data (names, e-mails, phones, addresses); writes an audit entry'
            cand --json 'Machine-readable JSON output instead of tables and text'
            cand -v 'More log output (-v debug, -vv trace)'
            cand --verbose 'More log output (-v debug, -vv trace)'
            cand -q 'Only warnings and errors'
            cand --quiet 'Only warnings and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'baitech;export;settlements'= {
            cand --from 'Start of the range, inclusive: a date (midnight in --tz), a local time, or RFC 3339'
            cand --to 'End of the range, exclusive: a date (midnight in --tz), a local time, or RFC 3339'
            cand --tz 'Time zone dates are read in and CSV times written in (IANA name)'
            cand --status 'Only rows in this state (bookings, transactions, settlements, users, technicians, reviews; posts by moderation state; moderation by decision: approve or remove)'
            cand --city 'Only this city, any case (bookings, users, technicians, posts)'
            cand --category 'Only this service category (bookings, technicians, posts)'
            cand --technician 'Only this technician''s rows, by user id (bookings, transactions, settlements; reviews by or about them)'
            cand --format 'Output format'
            cand --columns 'Columns to write, in this order, comma-separated (see `export columns`)'
            cand -o 'Write here instead of stdout; a name ending in .gz is gzip-compressed'
            cand --out 'Write here instead of stdout; a name ending in .gz is gzip-compressed'
            cand --admin 'E-mail of the admin exporting, named in the audit entry [default: the first active admin]'
            cand --env-file 'Read variables from this file instead of ./.env (the environment still wins)'
            cand --environment 'development | test | production [env: BAITECH_ENV]'
            cand --mongodb-uri 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]'
            cand --mongodb-db 'MongoDB database name [env: MONGODB_DB]'
            cand --redis-url 'Redis URL; unset = in-process cache [env: REDIS_URL]'
            cand --data-dir 'Embedded store directory [env: BAITECH_DATA]'
            cand --include-pii 'Include personal data (names, e-mails, phones, addresses); writes an audit entry'
            cand --json 'Machine-readable JSON output instead of tables and text'
            cand -v 'More log output (-v debug, -vv trace)'
            cand --verbose 'More log output (-v debug, -vv trace)'
            cand -q 'Only warnings and errors'
            cand --quiet 'Only warnings and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'baitech;export;ledger'= {
            cand --from 'Start of the range, inclusive: a date (midnight in --tz), a local time, or RFC 3339'
            cand --to 'End of the range, exclusive: a date (midnight in --tz), a local time, or RFC 3339'
            cand --tz 'Time zone dates are read in and CSV times written in (IANA name)'
            cand --status 'Only rows in this state (bookings, transactions, settlements, users, technicians, reviews; posts by moderation state; moderation by decision: approve or remove)'
            cand --city 'Only this city, any case (bookings, users, technicians, posts)'
            cand --category 'Only this service category (bookings, technicians, posts)'
            cand --technician 'Only this technician''s rows, by user id (bookings, transactions, settlements; reviews by or about them)'
            cand --format 'Output format'
            cand --columns 'Columns to write, in this order, comma-separated (see `export columns`)'
            cand -o 'Write here instead of stdout; a name ending in .gz is gzip-compressed'
            cand --out 'Write here instead of stdout; a name ending in .gz is gzip-compressed'
            cand --admin 'E-mail of the admin exporting, named in the audit entry [default: the first active admin]'
            cand --env-file 'Read variables from this file instead of ./.env (the environment still wins)'
            cand --environment 'development | test | production [env: BAITECH_ENV]'
            cand --mongodb-uri 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]'
            cand --mongodb-db 'MongoDB database name [env: MONGODB_DB]'
            cand --redis-url 'Redis URL; unset = in-process cache [env: REDIS_URL]'
            cand --data-dir 'Embedded store directory [env: BAITECH_DATA]'
            cand --include-pii 'Include personal data (names, e-mails, phones, addresses); writes an audit entry'
            cand --json 'Machine-readable JSON output instead of tables and text'
            cand -v 'More log output (-v debug, -vv trace)'
            cand --verbose 'More log output (-v debug, -vv trace)'
            cand -q 'Only warnings and errors'
            cand --quiet 'Only warnings and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'baitech;export;users'= {
            cand --from 'Start of the range, inclusive: a date (midnight in --tz), a local time, or RFC 3339'
            cand --to 'End of the range, exclusive: a date (midnight in --tz), a local time, or RFC 3339'
            cand --tz 'Time zone dates are read in and CSV times written in (IANA name)'
            cand --status 'Only rows in this state (bookings, transactions, settlements, users, technicians, reviews; posts by moderation state; moderation by decision: approve or remove)'
            cand --city 'Only this city, any case (bookings, users, technicians, posts)'
            cand --category 'Only this service category (bookings, technicians, posts)'
            cand --technician 'Only this technician''s rows, by user id (bookings, transactions, settlements; reviews by or about them)'
            cand --format 'Output format'
            cand --columns 'Columns to write, in this order, comma-separated (see `export columns`)'
            cand -o 'Write here instead of stdout; a name ending in .gz is gzip-compressed'
            cand --out 'Write here instead of stdout; a name ending in .gz is gzip-compressed'
            cand --admin 'E-mail of the admin exporting, named in the audit entry [default: the first active admin]'
            cand --env-file 'Read variables from this file instead of ./.env (the environment still wins)'
            cand --environment 'development | test | production [env: BAITECH_ENV]'
            cand --mongodb-uri 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]'
            cand --mongodb-db 'MongoDB database name [env: MONGODB_DB]'
            cand --redis-url 'Redis URL; unset = in-process cache [env: REDIS_URL]'
            cand --data-dir 'Embedded store directory [env: BAITECH_DATA]'
            cand --include-pii 'Include personal data (names, e-mails, phones, addresses); writes an audit entry'
            cand --json 'Machine-readable JSON output instead of tables and text'
            cand -v 'More log output (-v debug, -vv trace)'
            cand --verbose 'More log output (-v debug, -vv trace)'
            cand -q 'Only warnings and errors'
            cand --quiet 'Only warnings and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'baitech;export;technicians'= {
            cand --from 'Start of the range, inclusive: a date (midnight in --tz), a local time, or RFC 3339'
            cand --to 'End of the range, exclusive: a date (midnight in --tz), a local time, or RFC 3339'
            cand --tz 'Time zone dates are read in and CSV times written in (IANA name)'
            cand --status 'Only rows in this state (bookings, transactions, settlements, users, technicians, reviews; posts by moderation state; moderation by decision: approve or remove)'
            cand --city 'Only this city, any case (bookings, users, technicians, posts)'
            cand --category 'Only this service category (bookings, technicians, posts)'
            cand --technician 'Only this technician''s rows, by user id (bookings, transactions, settlements; reviews by or about them)'
            cand --format 'Output format'
            cand --columns 'Columns to write, in this order, comma-separated (see `export columns`)'
            cand -o 'Write here instead of stdout; a name ending in .gz is gzip-compressed'
            cand --out 'Write here instead of stdout; a name ending in .gz is gzip-compressed'
            cand --admin 'E-mail of the admin exporting, named in the audit entry [default: the first active admin]'
            cand --env-file 'Read variables from this file instead of ./.env (the environment still wins)'
            cand --environment 'development | test | production [env: BAITECH_ENV]'
            cand --mongodb-uri 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]'
            cand --mongodb-db 'MongoDB database name [env: MONGODB_DB]'
            cand --redis-url 'Redis URL; unset = in-process cache [env: REDIS_URL]'
            cand --data-dir 'Embedded store directory [env: BAITECH_DATA]'
            cand --include-pii 'Include personal data (names, e-mails, phones, addresses); writes an audit entry'
            cand --json 'Machine-readable JSON output instead of tables and text'
            cand -v 'More log output (-v debug, -vv trace)'
            cand --verbose 'More log output (-v debug, -vv trace)'
            cand -q 'Only warnings and errors'
            cand --quiet 'Only warnings and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'baitech;export;audit'= {
            cand --from 'Start of the range, inclusive: a date (midnight in --tz), a local time, or RFC 3339'
            cand --to 'End of the range, exclusive: a date (midnight in --tz), a local time, or RFC 3339'
            cand --tz 'Time zone dates are read in and CSV times written in (IANA name)'
            cand --status 'Only rows in this state (bookings, transactions, settlements, users, technicians, reviews; posts by moderation state; moderation by decision: approve or remove)'
            cand --city 'Only this city, any case (bookings, users, technicians, posts)'
            cand --category 'Only this service category (bookings, technicians, posts)'
            cand --technician 'Only this technician''s rows, by user id (bookings, transactions, settlements; reviews by or about them)'
            cand --format 'Output format'
            cand --columns 'Columns to write, in this order, comma-separated (see `export columns`)'
            cand -o 'Write here instead of stdout; a name ending in .gz is gzip-compressed'
            cand --out 'Write here instead of stdout; a name ending in .gz is gzip-compressed'
            cand --admin 'E-mail of the admin exporting, named in the audit entry [default: the first active admin]'
            cand --env-file 'Read variables from this file instead of ./.env (the environment still wins)'
            cand --environment 'development | test | production [env: BAITECH_ENV]'
            cand --mongodb-uri 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]'
            cand --mongodb-db 'MongoDB database name [env: MONGODB_DB]'
            cand --redis-url 'Redis URL; unset = in-process cache [env: REDIS_URL]'
            cand --data-dir 'Embedded store directory [env: BAITECH_DATA]'
            cand --include-pii 'Include personal data (names, e-mails, phones, addresses); writes an audit entry'
            cand --json 'Machine-readable JSON output instead of tables and text'
            cand -v 'More log output (-v debug, -vv trace)'
            cand --verbose 'More log output (-v debug, -vv trace)'
            cand -q 'Only warnings and errors'
            cand --quiet 'Only warnings and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'baitech;export;reviews'= {
            cand --from 'Start of the range, inclusive: a date (midnight in --tz), a local time, or RFC 3339'
            cand --to 'End of the range, exclusive: a date (midnight in --tz), a local time, or RFC 3339'
            cand --tz 'Time zone dates are read in and CSV times written in (IANA name)'
            cand --status 'Only rows in this state (bookings, transactions, settlements, users, technicians, reviews; posts by moderation state; moderation by decision: approve or remove)'
            cand --city 'Only this city, any case (bookings, users, technicians, posts)'
            cand --category 'Only this service category (bookings, technicians, posts)'
            cand --technician 'Only this technician''s rows, by user id (bookings, transactions, settlements; reviews by or about them)'
            cand --format 'Output format'
            cand --columns 'Columns to write, in this order, comma-separated (see `export columns`)'
            cand -o 'Write here instead of stdout; a name ending in .gz is gzip-compressed'
            cand --out 'Write here instead of stdout; a name ending in .gz is gzip-compressed'
            cand --admin 'E-mail of the admin exporting, named in the audit entry [default: the first active admin]'
            cand --env-file 'Read variables from this file instead of ./.env (the environment still wins)'
            cand --environment 'development | test | production [env: BAITECH_ENV]'
            cand --mongodb-uri 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]'
            cand --mongodb-db 'MongoDB database name [env: MONGODB_DB]'
            cand --redis-url 'Redis URL; unset = in-process cache [env: REDIS_URL]'
            cand --data-dir 'Embedded store directory [env: BAITECH_DATA]'
            cand --include-pii 'Include personal data (names, e-mails, phones, addresses); writes an audit entry'
            cand --json 'Machine-readable JSON output instead of tables and text'
            cand -v 'More log output (-v debug, -vv trace)'
            cand --verbose 'More log output (-v debug, -vv trace)'
            cand -q 'Only warnings and errors'
            cand --quiet 'Only warnings and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'baitech;export;posts'= {
            cand --from 'Start of the range, inclusive: a date (midnight in --tz), a local time, or RFC 3339'
            cand --to 'End of the range, exclusive: a date (midnight in --tz), a local time, or RFC 3339'
            cand --tz 'Time zone dates are read in and CSV times written in (IANA name)'
            cand --status 'Only rows in this state (bookings, transactions, settlements, users, technicians, reviews; posts by moderation state; moderation by decision: approve or remove)'
            cand --city 'Only this city, any case (bookings, users, technicians, posts)'
            cand --category 'Only this service category (bookings, technicians, posts)'
            cand --technician 'Only this technician''s rows, by user id (bookings, transactions, settlements; reviews by or about them)'
            cand --format 'Output format'
            cand --columns 'Columns to write, in this order, comma-separated (see `export columns`)'
            cand -o 'Write here instead of stdout; a name ending in .gz is gzip-compressed'
            cand --out 'Write here instead of stdout; a name ending in .gz is gzip-compressed'
            cand --admin 'E-mail of the admin exporting, named in the audit entry [default: the first active admin]'
            cand --env-file 'Read variables from this file instead of ./.env (the environment still wins)'
            cand --environment 'development | test | production [env: BAITECH_ENV]'
            cand --mongodb-uri 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]'
            cand --mongodb-db 'MongoDB database name [env: MONGODB_DB]'
            cand --redis-url 'Redis URL; unset = in-process cache [env: REDIS_URL]'
            cand --data-dir 'Embedded store directory [env: BAITECH_DATA]'
            cand --include-pii 'Include personal data (names, e-mails, phones, addresses); writes an audit entry'
            cand --json 'Machine-readable JSON output instead of tables and text'
            cand -v 'More log output (-v debug, -vv trace)'
            cand --verbose 'More log output (-v debug, -vv trace)'
            cand -q 'Only warnings and errors'
            cand --quiet 'Only warnings and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'baitech;export;moderation'= {
            cand --from 'Start of the range, inclusive: a date (midnight in --tz), a local time, or RFC 3339'
            cand --to 'End of the range, exclusive: a date (midnight in --tz), a local time, or RFC 3339'
            cand --tz 'Time zone dates are read in and CSV times written in (IANA name)'
            cand --status 'Only rows in this state (bookings, transactions, settlements, users, technicians, reviews; posts by moderation state; moderation by decision: approve or remove)'
            cand --city 'Only this city, any case (bookings, users, technicians, posts)'
            cand --category 'Only this service category (bookings, technicians, posts)'
            cand --technician 'Only this technician''s rows, by user id (bookings, transactions, settlements; reviews by or about them)'
            cand --format 'Output format'
            cand --columns 'Columns to write, in this order, comma-separated (see `export columns`)'
            cand -o 'Write here instead of stdout; a name ending in .gz is gzip-compressed'
            cand --out 'Write here instead of stdout; a name ending in .gz is gzip-compressed'
            cand --admin 'E-mail of the admin exporting, named in the audit entry [default: the first active admin]'
            cand --env-file 'Read variables from this file instead of ./.env (the environment still wins)'
            cand --environment 'development | test | production [env: BAITECH_ENV]'
            cand --mongodb-uri 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]'
            cand --mongodb-db 'MongoDB database name [env: MONGODB_DB]'
            cand --redis-url 'Redis URL; unset = in-process cache [env: REDIS_URL]'
            cand --data-dir 'Embedded store directory [env: BAITECH_DATA]'
            cand --include-pii 'Include personal data (names, e-mails, phones, addresses); writes an audit entry'
            cand --json 'Machine-readable JSON output instead of tables and text'
            cand -v 'More log output (-v debug, -vv trace)'
            cand --verbose 'More log output (-v debug, -vv trace)'
            cand -q 'Only warnings and errors'
            cand --quiet 'Only warnings and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'baitech;export;notifications'= {
            cand --from 'Start of the range, inclusive: a date (midnight in --tz), a local time, or RFC 3339'
            cand --to 'End of the range, exclusive: a date (midnight in --tz), a local time, or RFC 3339'
            cand --tz 'Time zone dates are read in and CSV times written in (IANA name)'
            cand --status 'Only rows in this state (bookings, transactions, settlements, users, technicians, reviews; posts by moderation state; moderation by decision: approve or remove)'
            cand --city 'Only this city, any case (bookings, users, technicians, posts)'
            cand --category 'Only this service category (bookings, technicians, posts)'
            cand --technician 'Only this technician''s rows, by user id (bookings, transactions, settlements; reviews by or about them)'
            cand --format 'Output format'
            cand --columns 'Columns to write, in this order, comma-separated (see `export columns`)'
            cand -o 'Write here instead of stdout; a name ending in .gz is gzip-compressed'
            cand --out 'Write here instead of stdout; a name ending in .gz is gzip-compressed'
            cand --admin 'E-mail of the admin exporting, named in the audit entry [default: the first active admin]'
            cand --env-file 'Read variables from this file instead of ./.env (the environment still wins)'
            cand --environment 'development | test | production [env: BAITECH_ENV]'
            cand --mongodb-uri 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]'
            cand --mongodb-db 'MongoDB database name [env: MONGODB_DB]'
            cand --redis-url 'Redis URL; unset = in-process cache [env: REDIS_URL]'
            cand --data-dir 'Embedded store directory [env: BAITECH_DATA]'
            cand --include-pii 'Include personal data (names, e-mails, phones, addresses); writes an audit entry'
            cand --json 'Machine-readable JSON output instead of tables and text'
            cand -v 'More log output (-v debug, -vv trace)'
            cand --verbose 'More log output (-v debug, -vv trace)'
            cand -q 'Only warnings and errors'
            cand --quiet 'Only warnings and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'baitech;export;columns'= {
            cand --env-file 'Read variables from this file instead of ./.env (the environment still wins)'
            cand --environment 'development | test | production [env: BAITECH_ENV]'
            cand --mongodb-uri 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]'
            cand --mongodb-db 'MongoDB database name [env: MONGODB_DB]'
            cand --redis-url 'Redis URL; unset = in-process cache [env: REDIS_URL]'
            cand --data-dir 'Embedded store directory [env: BAITECH_DATA]'
            cand --json 'Machine-readable JSON output instead of tables and text'
            cand -v 'More log output (-v debug, -vv trace)'
            cand --verbose 'More log output (-v debug, -vv trace)'
            cand -q 'Only warnings and errors'
            cand --quiet 'Only warnings and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'baitech;export;report'= {
            cand --from 'Start of the range, inclusive: a date (midnight in --tz), a local time, or RFC 3339'
            cand --to 'End of the range, exclusive: a date (midnight in --tz), a local time, or RFC 3339'
            cand --tz 'Time zone of dates, of the revenue periods and of CSV times (IANA name)'
            cand --by 'Revenue: one row per day, ISO week (named by its Monday) or month [default: day]'
            cand --group 'Revenue: also one row per city, service category or gateway'
            cand --format 'A table on the terminal, or an export format (a table written to --out is CSV)'
            cand -o 'Write here instead of stdout; a name ending in .gz is gzip-compressed'
            cand --out 'Write here instead of stdout; a name ending in .gz is gzip-compressed'
            cand --env-file 'Read variables from this file instead of ./.env (the environment still wins)'
            cand --environment 'development | test | production [env: BAITECH_ENV]'
            cand --mongodb-uri 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]'
            cand --mongodb-db 'MongoDB database name [env: MONGODB_DB]'
            cand --redis-url 'Redis URL; unset = in-process cache [env: REDIS_URL]'
            cand --data-dir 'Embedded store directory [env: BAITECH_DATA]'
            cand --json 'Machine-readable JSON output instead of tables and text'
            cand -v 'More log output (-v debug, -vv trace)'
            cand --verbose 'More log output (-v debug, -vv trace)'
            cand -q 'Only warnings and errors'
            cand --quiet 'Only warnings and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'baitech;export;help'= {
            cand bookings 'Bookings with their price breakdown, by creation time'
            cand transactions 'Payments, refunds and payouts with their split, by creation time'
            cand settlements 'Payout batches, one row per payout item, by batch creation time'
            cand ledger 'Ledger lines (double entry), by posting time'
            cand users 'User accounts, by creation time'
            cand technicians 'Technicians with their trades, statistics and earnings, by account creation time'
            cand audit 'The audit log of privileged actions, by time of action'
            cand reviews 'Reviews with their ratings, moderation and votes, by creation time'
            cand posts 'Feed posts with their engagement and moderation, by creation time'
            cand moderation 'Moderation decisions on posts, comments and reviews (from the audit log), by time'
            cand notifications 'Notifications, one row per channel with delivery status, attempts and SMS cost, by creation time'
            cand columns 'The columns of each dataset: CSV header, meaning, and whether it is personal data'
            cand report 'An operators'' report: revenue, technicians, bookings (the funnel) or disputes'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'baitech;export;help;bookings'= {
        }
        &'baitech;export;help;transactions'= {
        }
        &'baitech;export;help;settlements'= {
        }
        &'baitech;export;help;ledger'= {
        }
        &'baitech;export;help;users'= {
        }
        &'baitech;export;help;technicians'= {
        }
        &'baitech;export;help;audit'= {
        }
        &'baitech;export;help;reviews'= {
        }
        &'baitech;export;help;posts'= {
        }
        &'baitech;export;help;moderation'= {
        }
        &'baitech;export;help;notifications'= {
        }
        &'baitech;export;help;columns'= {
        }
        &'baitech;export;help;report'= {
        }
        &'baitech;export;help;help'= {
        }
        &'baitech;moderate'= {
            cand --env-file 'Read variables from this file instead of ./.env (the environment still wins)'
            cand --environment 'development | test | production [env: BAITECH_ENV]'
            cand --mongodb-uri 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]'
            cand --mongodb-db 'MongoDB database name [env: MONGODB_DB]'
            cand --redis-url 'Redis URL; unset = in-process cache [env: REDIS_URL]'
            cand --data-dir 'Embedded store directory [env: BAITECH_DATA]'
            cand --json 'Machine-readable JSON output instead of tables and text'
            cand -v 'More log output (-v debug, -vv trace)'
            cand --verbose 'More log output (-v debug, -vv trace)'
            cand -q 'Only warnings and errors'
            cand --quiet 'Only warnings and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand queue 'Posts, comments and reviews waiting for review, newest first'
            cand show 'One post, comment or review: content, scores (a review''s stars and sentiment), its author''s history, reports, past decisions'
            cand approve 'Keep an item: visible again, its reports dismissed (a review is left as it is, its flag cleared)'
            cand remove 'Take an item down, with a reason the author is told (a review is hidden and stops counting in the reviewed user''s statistics)'
            cand review 'Go through the queue at a terminal: approve, remove with a reason, or skip each item'
            cand bulk 'Remove many items with one reason: by ids or everything of one author'
            cand log 'Past moderation decisions, newest first'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'baitech;moderate;queue'= {
            cand --kind 'Only this kind of content (repeatable)'
            cand --status 'Moderation state listed'
            cand --reason 'Only items held for this reason (spam, profanity, a report category, ...)'
            cand --author 'Only this author''s items (user id or e-mail)'
            cand --since 'Only items created at or after this (a date, a local time in Africa/Nairobi, or RFC 3339)'
            cand --limit 'At most this many items'
            cand --env-file 'Read variables from this file instead of ./.env (the environment still wins)'
            cand --environment 'development | test | production [env: BAITECH_ENV]'
            cand --mongodb-uri 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]'
            cand --mongodb-db 'MongoDB database name [env: MONGODB_DB]'
            cand --redis-url 'Redis URL; unset = in-process cache [env: REDIS_URL]'
            cand --data-dir 'Embedded store directory [env: BAITECH_DATA]'
            cand --json 'Machine-readable JSON output instead of tables and text'
            cand -v 'More log output (-v debug, -vv trace)'
            cand --verbose 'More log output (-v debug, -vv trace)'
            cand -q 'Only warnings and errors'
            cand --quiet 'Only warnings and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'baitech;moderate;show'= {
            cand --kind 'Which kind the id is (found either way when left out)'
            cand --env-file 'Read variables from this file instead of ./.env (the environment still wins)'
            cand --environment 'development | test | production [env: BAITECH_ENV]'
            cand --mongodb-uri 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]'
            cand --mongodb-db 'MongoDB database name [env: MONGODB_DB]'
            cand --redis-url 'Redis URL; unset = in-process cache [env: REDIS_URL]'
            cand --data-dir 'Embedded store directory [env: BAITECH_DATA]'
            cand --json 'Machine-readable JSON output instead of tables and text'
            cand -v 'More log output (-v debug, -vv trace)'
            cand --verbose 'More log output (-v debug, -vv trace)'
            cand -q 'Only warnings and errors'
            cand --quiet 'Only warnings and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'baitech;moderate;approve'= {
            cand --kind 'kind'
            cand --admin 'E-mail of the admin acting [default: the first active admin]'
            cand --env-file 'Read variables from this file instead of ./.env (the environment still wins)'
            cand --environment 'development | test | production [env: BAITECH_ENV]'
            cand --mongodb-uri 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]'
            cand --mongodb-db 'MongoDB database name [env: MONGODB_DB]'
            cand --redis-url 'Redis URL; unset = in-process cache [env: REDIS_URL]'
            cand --data-dir 'Embedded store directory [env: BAITECH_DATA]'
            cand --json 'Machine-readable JSON output instead of tables and text'
            cand -v 'More log output (-v debug, -vv trace)'
            cand --verbose 'More log output (-v debug, -vv trace)'
            cand -q 'Only warnings and errors'
            cand --quiet 'Only warnings and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'baitech;moderate;remove'= {
            cand --reason 'Why (shown to the author, kept in the audit log)'
            cand --kind 'kind'
            cand --admin 'E-mail of the admin acting [default: the first active admin]'
            cand --env-file 'Read variables from this file instead of ./.env (the environment still wins)'
            cand --environment 'development | test | production [env: BAITECH_ENV]'
            cand --mongodb-uri 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]'
            cand --mongodb-db 'MongoDB database name [env: MONGODB_DB]'
            cand --redis-url 'Redis URL; unset = in-process cache [env: REDIS_URL]'
            cand --data-dir 'Embedded store directory [env: BAITECH_DATA]'
            cand --json 'Machine-readable JSON output instead of tables and text'
            cand -v 'More log output (-v debug, -vv trace)'
            cand --verbose 'More log output (-v debug, -vv trace)'
            cand -q 'Only warnings and errors'
            cand --quiet 'Only warnings and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'baitech;moderate;review'= {
            cand --kind 'Only this kind of content (repeatable)'
            cand --reason 'Only items held for this reason'
            cand --limit 'Review at most this many items'
            cand --admin 'E-mail of the admin acting [default: the first active admin]'
            cand --env-file 'Read variables from this file instead of ./.env (the environment still wins)'
            cand --environment 'development | test | production [env: BAITECH_ENV]'
            cand --mongodb-uri 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]'
            cand --mongodb-db 'MongoDB database name [env: MONGODB_DB]'
            cand --redis-url 'Redis URL; unset = in-process cache [env: REDIS_URL]'
            cand --data-dir 'Embedded store directory [env: BAITECH_DATA]'
            cand --json 'Machine-readable JSON output instead of tables and text'
            cand -v 'More log output (-v debug, -vv trace)'
            cand --verbose 'More log output (-v debug, -vv trace)'
            cand -q 'Only warnings and errors'
            cand --quiet 'Only warnings and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'baitech;moderate;bulk'= {
            cand --ids 'Post, comment or review ids, comma-separated'
            cand --author 'Everything this author wrote (user id or e-mail)'
            cand --reason 'Why (one reason for every item; shown to the author, kept in the audit log)'
            cand --admin 'E-mail of the admin acting [default: the first active admin]'
            cand --env-file 'Read variables from this file instead of ./.env (the environment still wins)'
            cand --environment 'development | test | production [env: BAITECH_ENV]'
            cand --mongodb-uri 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]'
            cand --mongodb-db 'MongoDB database name [env: MONGODB_DB]'
            cand --redis-url 'Redis URL; unset = in-process cache [env: REDIS_URL]'
            cand --data-dir 'Embedded store directory [env: BAITECH_DATA]'
            cand --dry-run 'Say what would be removed, change nothing'
            cand -y 'Do not ask for confirmation (needed without a terminal)'
            cand --yes 'Do not ask for confirmation (needed without a terminal)'
            cand --json 'Machine-readable JSON output instead of tables and text'
            cand -v 'More log output (-v debug, -vv trace)'
            cand --verbose 'More log output (-v debug, -vv trace)'
            cand -q 'Only warnings and errors'
            cand --quiet 'Only warnings and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'baitech;moderate;log'= {
            cand --actor 'Only decisions by this admin (user id or e-mail)'
            cand --target 'Only decisions on this post, comment or review'
            cand --since 'Only decisions at or after this (a date, a local time in Africa/Nairobi, or RFC 3339)'
            cand --limit 'At most this many entries'
            cand --env-file 'Read variables from this file instead of ./.env (the environment still wins)'
            cand --environment 'development | test | production [env: BAITECH_ENV]'
            cand --mongodb-uri 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]'
            cand --mongodb-db 'MongoDB database name [env: MONGODB_DB]'
            cand --redis-url 'Redis URL; unset = in-process cache [env: REDIS_URL]'
            cand --data-dir 'Embedded store directory [env: BAITECH_DATA]'
            cand --json 'Machine-readable JSON output instead of tables and text'
            cand -v 'More log output (-v debug, -vv trace)'
            cand --verbose 'More log output (-v debug, -vv trace)'
            cand -q 'Only warnings and errors'
            cand --quiet 'Only warnings and errors'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'baitech;moderate;help'= {
            cand queue 'Posts, comments and reviews waiting for review, newest first'
            cand show 'One post, comment or review: content, scores (a review''s stars and sentiment), its author''s history, reports, past decisions'
            cand approve 'Keep an item: visible again, its reports dismissed (a review is left as it is, its flag cleared)'
            cand remove 'Take an item down, with a reason the author is told (a review is hidden and stops counting in the reviewed user''s statistics)'
            cand review 'Go through the queue at a terminal: approve, remove with a reason, or skip each item'
            cand bulk 'Remove many items with one reason: by ids or everything of one author'
            cand log 'Past moderation decisions, newest first'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'baitech;moderate;help;queue'= {
        }
        &'baitech;moderate;help;show'= {
        }
        &'baitech;moderate;help;approve'= {
        }
        &'baitech;moderate;help;remove'= {
        }
        &'baitech;moderate;help;review'= {
        }
        &'baitech;moderate;help;bulk'= {
        }
        &'baitech;moderate;help;log'= {
        }
        &'baitech;moderate;help;help'= {
        }
        &'baitech;help'= {
            cand serve 'Run the HTTP API server'
            cand health 'Check the store, the cache and optionally a running server'
            cand completions 'Print shell completions'
            cand seed 'Load the fixture set (admin account and demo data) and generate data at scale'
            cand cleanup 'Remove old messages and notifications, expired tokens and deleted conversations'
            cand indexes 'Create the indexes the product needs (idempotent)'
            cand settlements 'Transactions, payout batches, reconciliation of the books and technician payouts'
            cand disputes 'Bookings in dispute: list them, show one, settle one as an admin'
            cand export 'Stream a dataset (bookings, transactions, ledger, ...) to CSV, JSON or NDJSON'
            cand moderate 'The moderation queue of posts, comments and reviews: review, approve, remove, and the log'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'baitech;help;serve'= {
        }
        &'baitech;help;health'= {
        }
        &'baitech;help;completions'= {
        }
        &'baitech;help;seed'= {
        }
        &'baitech;help;cleanup'= {
        }
        &'baitech;help;indexes'= {
        }
        &'baitech;help;settlements'= {
            cand list 'Transactions, newest first, filtered'
            cand batches 'Payout batches, newest first'
            cand reconcile 'Check that the books balance; exits 1 when anything does not add up'
            cand payout 'Pay technicians what they are owed over M-Pesa (a dry run unless --execute)'
        }
        &'baitech;help;settlements;list'= {
        }
        &'baitech;help;settlements;batches'= {
        }
        &'baitech;help;settlements;reconcile'= {
        }
        &'baitech;help;settlements;payout'= {
        }
        &'baitech;help;disputes'= {
            cand list 'Bookings in dispute, newest first'
            cand show 'One dispute: parties, timeline, evidence, money, audit trail and the booking''s chat'
            cand resolve 'Settle a dispute as an admin: refund the customer, release to the technician, or split'
        }
        &'baitech;help;disputes;list'= {
        }
        &'baitech;help;disputes;show'= {
        }
        &'baitech;help;disputes;resolve'= {
        }
        &'baitech;help;export'= {
            cand bookings 'Bookings with their price breakdown, by creation time'
            cand transactions 'Payments, refunds and payouts with their split, by creation time'
            cand settlements 'Payout batches, one row per payout item, by batch creation time'
            cand ledger 'Ledger lines (double entry), by posting time'
            cand users 'User accounts, by creation time'
            cand technicians 'Technicians with their trades, statistics and earnings, by account creation time'
            cand audit 'The audit log of privileged actions, by time of action'
            cand reviews 'Reviews with their ratings, moderation and votes, by creation time'
            cand posts 'Feed posts with their engagement and moderation, by creation time'
            cand moderation 'Moderation decisions on posts, comments and reviews (from the audit log), by time'
            cand notifications 'Notifications, one row per channel with delivery status, attempts and SMS cost, by creation time'
            cand columns 'The columns of each dataset: CSV header, meaning, and whether it is personal data'
            cand report 'An operators'' report: revenue, technicians, bookings (the funnel) or disputes'
        }
        &'baitech;help;export;bookings'= {
        }
        &'baitech;help;export;transactions'= {
        }
        &'baitech;help;export;settlements'= {
        }
        &'baitech;help;export;ledger'= {
        }
        &'baitech;help;export;users'= {
        }
        &'baitech;help;export;technicians'= {
        }
        &'baitech;help;export;audit'= {
        }
        &'baitech;help;export;reviews'= {
        }
        &'baitech;help;export;posts'= {
        }
        &'baitech;help;export;moderation'= {
        }
        &'baitech;help;export;notifications'= {
        }
        &'baitech;help;export;columns'= {
        }
        &'baitech;help;export;report'= {
        }
        &'baitech;help;moderate'= {
            cand queue 'Posts, comments and reviews waiting for review, newest first'
            cand show 'One post, comment or review: content, scores (a review''s stars and sentiment), its author''s history, reports, past decisions'
            cand approve 'Keep an item: visible again, its reports dismissed (a review is left as it is, its flag cleared)'
            cand remove 'Take an item down, with a reason the author is told (a review is hidden and stops counting in the reviewed user''s statistics)'
            cand review 'Go through the queue at a terminal: approve, remove with a reason, or skip each item'
            cand bulk 'Remove many items with one reason: by ids or everything of one author'
            cand log 'Past moderation decisions, newest first'
        }
        &'baitech;help;moderate;queue'= {
        }
        &'baitech;help;moderate;show'= {
        }
        &'baitech;help;moderate;approve'= {
        }
        &'baitech;help;moderate;remove'= {
        }
        &'baitech;help;moderate;review'= {
        }
        &'baitech;help;moderate;bulk'= {
        }
        &'baitech;help;moderate;log'= {
        }
        &'baitech;help;help'= {
        }
    ]
    $completions[$command]
}
