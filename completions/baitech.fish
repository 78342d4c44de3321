# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_baitech_global_optspecs
    string join \n json v/verbose q/quiet env-file= environment= mongodb-uri= mongodb-db= redis-url= data-dir= h/help V/version
end

function __fish_baitech_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_baitech_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_baitech_using_subcommand
    set -l cmd (__fish_baitech_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c baitech -n "__fish_baitech_needs_command" -l env-file -d 'Read variables from this file instead of ./.env (the environment still wins)' -r -F
complete -c baitech -n "__fish_baitech_needs_command" -l environment -d 'development | test | production [env: BAITECH_ENV]' -r
complete -c baitech -n "__fish_baitech_needs_command" -l mongodb-uri -d 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]' -r
complete -c baitech -n "__fish_baitech_needs_command" -l mongodb-db -d 'MongoDB database name [env: MONGODB_DB]' -r
complete -c baitech -n "__fish_baitech_needs_command" -l redis-url -d 'Redis URL; unset = in-process cache [env: REDIS_URL]' -r
complete -c baitech -n "__fish_baitech_needs_command" -l data-dir -d 'Embedded store directory [env: BAITECH_DATA]' -r -F
complete -c baitech -n "__fish_baitech_needs_command" -l json -d 'Machine-readable JSON output instead of tables and text'
complete -c baitech -n "__fish_baitech_needs_command" -s v -l verbose -d 'More log output (-v debug, -vv trace)'
complete -c baitech -n "__fish_baitech_needs_command" -s q -l quiet -d 'Only warnings and errors'
complete -c baitech -n "__fish_baitech_needs_command" -s h -l help -d 'Print help'
complete -c baitech -n "__fish_baitech_needs_command" -s V -l version -d 'Print version'
complete -c baitech -n "__fish_baitech_needs_command" -f -a "serve" -d 'Run the HTTP API server'
complete -c baitech -n "__fish_baitech_needs_command" -f -a "health" -d 'Check the store, the cache and optionally a running server'
complete -c baitech -n "__fish_baitech_needs_command" -f -a "completions" -d 'Print shell completions'
complete -c baitech -n "__fish_baitech_needs_command" -f -a "seed" -d 'Load the fixture set (admin account and demo data) and generate data at scale'
complete -c baitech -n "__fish_baitech_needs_command" -f -a "cleanup" -d 'Remove old messages and notifications, expired tokens and deleted conversations'
complete -c baitech -n "__fish_baitech_needs_command" -f -a "indexes" -d 'Create the indexes the product needs (idempotent)'
complete -c baitech -n "__fish_baitech_needs_command" -f -a "settlements" -d 'Transactions, payout batches, reconciliation of the books and technician payouts'
complete -c baitech -n "__fish_baitech_needs_command" -f -a "disputes" -d 'Bookings in dispute: list them, show one, settle one as an admin'
complete -c baitech -n "__fish_baitech_needs_command" -f -a "export" -d 'Stream a dataset (bookings, transactions, ledger, ...) to CSV, JSON or NDJSON'
complete -c baitech -n "__fish_baitech_needs_command" -f -a "moderate" -d 'The moderation queue of posts, comments and reviews: review, approve, remove, and the log'
complete -c baitech -n "__fish_baitech_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c baitech -n "__fish_baitech_using_subcommand serve" -l addr -d 'Listen address [env: BAITECH_ADDR, PORT; default 127.0.0.1:5000]' -r
complete -c baitech -n "__fish_baitech_using_subcommand serve" -l env-file -d 'Read variables from this file instead of ./.env (the environment still wins)' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand serve" -l environment -d 'development | test | production [env: BAITECH_ENV]' -r
complete -c baitech -n "__fish_baitech_using_subcommand serve" -l mongodb-uri -d 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]' -r
complete -c baitech -n "__fish_baitech_using_subcommand serve" -l mongodb-db -d 'MongoDB database name [env: MONGODB_DB]' -r
complete -c baitech -n "__fish_baitech_using_subcommand serve" -l redis-url -d 'Redis URL; unset = in-process cache [env: REDIS_URL]' -r
complete -c baitech -n "__fish_baitech_using_subcommand serve" -l data-dir -d 'Embedded store directory [env: BAITECH_DATA]' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand serve" -l no-indexes -d 'Skip creating indexes at start-up in development'
complete -c baitech -n "__fish_baitech_using_subcommand serve" -l json -d 'Machine-readable JSON output instead of tables and text'
complete -c baitech -n "__fish_baitech_using_subcommand serve" -s v -l verbose -d 'More log output (-v debug, -vv trace)'
complete -c baitech -n "__fish_baitech_using_subcommand serve" -s q -l quiet -d 'Only warnings and errors'
complete -c baitech -n "__fish_baitech_using_subcommand serve" -s h -l help -d 'Print help'
complete -c baitech -n "__fish_baitech_using_subcommand serve" -s V -l version -d 'Print version'
complete -c baitech -n "__fish_baitech_using_subcommand health" -l url -d 'Also check a running server\'s /health/ready, e.g. http://127.0.0.1:5000' -r
complete -c baitech -n "__fish_baitech_using_subcommand health" -l env-file -d 'Read variables from this file instead of ./.env (the environment still wins)' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand health" -l environment -d 'development | test | production [env: BAITECH_ENV]' -r
complete -c baitech -n "__fish_baitech_using_subcommand health" -l mongodb-uri -d 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]' -r
complete -c baitech -n "__fish_baitech_using_subcommand health" -l mongodb-db -d 'MongoDB database name [env: MONGODB_DB]' -r
complete -c baitech -n "__fish_baitech_using_subcommand health" -l redis-url -d 'Redis URL; unset = in-process cache [env: REDIS_URL]' -r
complete -c baitech -n "__fish_baitech_using_subcommand health" -l data-dir -d 'Embedded store directory [env: BAITECH_DATA]' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand health" -l no-stats -d 'Skip the per-collection statistics'
complete -c baitech -n "__fish_baitech_using_subcommand health" -l deep -d 'Also recompute rating statistics from the reviews and report users whose counters drifted (exit code 1 when any did)'
complete -c baitech -n "__fish_baitech_using_subcommand health" -l repair -d 'With --deep: replace drifted counters with the recomputed ones'
complete -c baitech -n "__fish_baitech_using_subcommand health" -l json -d 'Machine-readable JSON output instead of tables and text'
complete -c baitech -n "__fish_baitech_using_subcommand health" -s v -l verbose -d 'More log output (-v debug, -vv trace)'
complete -c baitech -n "__fish_baitech_using_subcommand health" -s q -l quiet -d 'Only warnings and errors'
complete -c baitech -n "__fish_baitech_using_subcommand health" -s h -l help -d 'Print help'
complete -c baitech -n "__fish_baitech_using_subcommand health" -s V -l version -d 'Print version'
complete -c baitech -n "__fish_baitech_using_subcommand completions" -l out-dir -d 'Write the script into this directory instead of printing it' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand completions" -l env-file -d 'Read variables from this file instead of ./.env (the environment still wins)' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand completions" -l environment -d 'development | test | production [env: BAITECH_ENV]' -r
complete -c baitech -n "__fish_baitech_using_subcommand completions" -l mongodb-uri -d 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]' -r
complete -c baitech -n "__fish_baitech_using_subcommand completions" -l mongodb-db -d 'MongoDB database name [env: MONGODB_DB]' -r
complete -c baitech -n "__fish_baitech_using_subcommand completions" -l redis-url -d 'Redis URL; unset = in-process cache [env: REDIS_URL]' -r
complete -c baitech -n "__fish_baitech_using_subcommand completions" -l data-dir -d 'Embedded store directory [env: BAITECH_DATA]' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand completions" -l json -d 'Machine-readable JSON output instead of tables and text'
complete -c baitech -n "__fish_baitech_using_subcommand completions" -s v -l verbose -d 'More log output (-v debug, -vv trace)'
complete -c baitech -n "__fish_baitech_using_subcommand completions" -s q -l quiet -d 'Only warnings and errors'
complete -c baitech -n "__fish_baitech_using_subcommand completions" -s h -l help -d 'Print help'
complete -c baitech -n "__fish_baitech_using_subcommand completions" -s V -l version -d 'Print version'
complete -c baitech -n "__fish_baitech_using_subcommand seed" -l users -d 'Generate this many users (~40% technicians, the rest customers)' -r
complete -c baitech -n "__fish_baitech_using_subcommand seed" -l posts -d 'Generate this many posts by technicians' -r
complete -c baitech -n "__fish_baitech_using_subcommand seed" -l bookings -d 'Generate this many bookings between customers and technicians, in every state' -r
complete -c baitech -n "__fish_baitech_using_subcommand seed" -l messages -d 'Generate this many chat messages (in conversations of about twenty)' -r
complete -c baitech -n "__fish_baitech_using_subcommand seed" -l seed -d 'Random seed; the same seed and --as-of give the same data (default: random, reported)' -r
complete -c baitech -n "__fish_baitech_using_subcommand seed" -l batch-size -d 'Documents per bulk insert' -r
complete -c baitech -n "__fish_baitech_using_subcommand seed" -l as-of -d 'The "now" of generated data, RFC 3339 (default: the start of today, UTC)' -r
complete -c baitech -n "__fish_baitech_using_subcommand seed" -l admin-password -d 'Password of admin@baitech.co.ke (default: generated and printed once)' -r
complete -c baitech -n "__fish_baitech_using_subcommand seed" -l demo-password -d 'Password of the other fixture users (default: generated and printed once)' -r
complete -c baitech -n "__fish_baitech_using_subcommand seed" -l env-file -d 'Read variables from this file instead of ./.env (the environment still wins)' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand seed" -l environment -d 'development | test | production [env: BAITECH_ENV]' -r
complete -c baitech -n "__fish_baitech_using_subcommand seed" -l mongodb-uri -d 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]' -r
complete -c baitech -n "__fish_baitech_using_subcommand seed" -l mongodb-db -d 'MongoDB database name [env: MONGODB_DB]' -r
complete -c baitech -n "__fish_baitech_using_subcommand seed" -l redis-url -d 'Redis URL; unset = in-process cache [env: REDIS_URL]' -r
complete -c baitech -n "__fish_baitech_using_subcommand seed" -l data-dir -d 'Embedded store directory [env: BAITECH_DATA]' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand seed" -l no-fixtures -d 'Do not load the fixture set, only generate'
complete -c baitech -n "__fish_baitech_using_subcommand seed" -l reset -d 'Delete every document of every collection first'
complete -c baitech -n "__fish_baitech_using_subcommand seed" -l force -d 'Allow seeding a production environment'
complete -c baitech -n "__fish_baitech_using_subcommand seed" -l json -d 'Machine-readable JSON output instead of tables and text'
complete -c baitech -n "__fish_baitech_using_subcommand seed" -s v -l verbose -d 'More log output (-v debug, -vv trace)'
complete -c baitech -n "__fish_baitech_using_subcommand seed" -s q -l quiet -d 'Only warnings and errors'
complete -c baitech -n "__fish_baitech_using_subcommand seed" -s h -l help -d 'Print help'
complete -c baitech -n "__fish_baitech_using_subcommand seed" -s V -l version -d 'Print version'
complete -c baitech -n "__fish_baitech_using_subcommand cleanup" -l batch-size -d 'Documents per delete batch' -r
complete -c baitech -n "__fish_baitech_using_subcommand cleanup" -l message-days -d 'Remove messages older than this many days [default: MESSAGE_RETENTION_DAYS or 90]' -r
complete -c baitech -n "__fish_baitech_using_subcommand cleanup" -l notification-days -d 'Remove read notifications older than this many days [default: NOTIFICATION_RETENTION_DAYS or 30]' -r
complete -c baitech -n "__fish_baitech_using_subcommand cleanup" -l delivery-days -d 'Remove finished notification deliveries unchanged for this many days [default: DELIVERY_RETENTION_DAYS or 30]' -r
complete -c baitech -n "__fish_baitech_using_subcommand cleanup" -l env-file -d 'Read variables from this file instead of ./.env (the environment still wins)' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand cleanup" -l environment -d 'development | test | production [env: BAITECH_ENV]' -r
complete -c baitech -n "__fish_baitech_using_subcommand cleanup" -l mongodb-uri -d 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]' -r
complete -c baitech -n "__fish_baitech_using_subcommand cleanup" -l mongodb-db -d 'MongoDB database name [env: MONGODB_DB]' -r
complete -c baitech -n "__fish_baitech_using_subcommand cleanup" -l redis-url -d 'Redis URL; unset = in-process cache [env: REDIS_URL]' -r
complete -c baitech -n "__fish_baitech_using_subcommand cleanup" -l data-dir -d 'Embedded store directory [env: BAITECH_DATA]' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand cleanup" -l dry-run -d 'Count what each rule would remove; change nothing'
complete -c baitech -n "__fish_baitech_using_subcommand cleanup" -l json -d 'Machine-readable JSON output instead of tables and text'
complete -c baitech -n "__fish_baitech_using_subcommand cleanup" -s v -l verbose -d 'More log output (-v debug, -vv trace)'
complete -c baitech -n "__fish_baitech_using_subcommand cleanup" -s q -l quiet -d 'Only warnings and errors'
complete -c baitech -n "__fish_baitech_using_subcommand cleanup" -s h -l help -d 'Print help'
complete -c baitech -n "__fish_baitech_using_subcommand cleanup" -s V -l version -d 'Print version'
complete -c baitech -n "__fish_baitech_using_subcommand indexes" -l env-file -d 'Read variables from this file instead of ./.env (the environment still wins)' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand indexes" -l environment -d 'development | test | production [env: BAITECH_ENV]' -r
complete -c baitech -n "__fish_baitech_using_subcommand indexes" -l mongodb-uri -d 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]' -r
complete -c baitech -n "__fish_baitech_using_subcommand indexes" -l mongodb-db -d 'MongoDB database name [env: MONGODB_DB]' -r
complete -c baitech -n "__fish_baitech_using_subcommand indexes" -l redis-url -d 'Redis URL; unset = in-process cache [env: REDIS_URL]' -r
complete -c baitech -n "__fish_baitech_using_subcommand indexes" -l data-dir -d 'Embedded store directory [env: BAITECH_DATA]' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand indexes" -l dry-run -d 'Report what would be created or rebuilt; change nothing'
complete -c baitech -n "__fish_baitech_using_subcommand indexes" -l json -d 'Machine-readable JSON output instead of tables and text'
complete -c baitech -n "__fish_baitech_using_subcommand indexes" -s v -l verbose -d 'More log output (-v debug, -vv trace)'
complete -c baitech -n "__fish_baitech_using_subcommand indexes" -s q -l quiet -d 'Only warnings and errors'
complete -c baitech -n "__fish_baitech_using_subcommand indexes" -s h -l help -d 'Print help'
complete -c baitech -n "__fish_baitech_using_subcommand indexes" -s V -l version -d 'Print version'
complete -c baitech -n "__fish_baitech_using_subcommand settlements; and not __fish_seen_subcommand_from list batches reconcile payout help" -l env-file -d 'Read variables from this file instead of ./.env (the environment still wins)' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand settlements; and not __fish_seen_subcommand_from list batches reconcile payout help" -l environment -d 'development | test | production [env: BAITECH_ENV]' -r
complete -c baitech -n "__fish_baitech_using_subcommand settlements; and not __fish_seen_subcommand_from list batches reconcile payout help" -l mongodb-uri -d 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]' -r
complete -c baitech -n "__fish_baitech_using_subcommand settlements; and not __fish_seen_subcommand_from list batches reconcile payout help" -l mongodb-db -d 'MongoDB database name [env: MONGODB_DB]' -r
complete -c baitech -n "__fish_baitech_using_subcommand settlements; and not __fish_seen_subcommand_from list batches reconcile payout help" -l redis-url -d 'Redis URL; unset = in-process cache [env: REDIS_URL]' -r
complete -c baitech -n "__fish_baitech_using_subcommand settlements; and not __fish_seen_subcommand_from list batches reconcile payout help" -l data-dir -d 'Embedded store directory [env: BAITECH_DATA]' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand settlements; and not __fish_seen_subcommand_from list batches reconcile payout help" -l json -d 'Machine-readable JSON output instead of tables and text'
complete -c baitech -n "__fish_baitech_using_subcommand settlements; and not __fish_seen_subcommand_from list batches reconcile payout help" -s v -l verbose -d 'More log output (-v debug, -vv trace)'
complete -c baitech -n "__fish_baitech_using_subcommand settlements; and not __fish_seen_subcommand_from list batches reconcile payout help" -s q -l quiet -d 'Only warnings and errors'
complete -c baitech -n "__fish_baitech_using_subcommand settlements; and not __fish_seen_subcommand_from list batches reconcile payout help" -s h -l help -d 'Print help'
complete -c baitech -n "__fish_baitech_using_subcommand settlements; and not __fish_seen_subcommand_from list batches reconcile payout help" -s V -l version -d 'Print version'
complete -c baitech -n "__fish_baitech_using_subcommand settlements; and not __fish_seen_subcommand_from list batches reconcile payout help" -f -a "list" -d 'Transactions, newest first, filtered'
complete -c baitech -n "__fish_baitech_using_subcommand settlements; and not __fish_seen_subcommand_from list batches reconcile payout help" -f -a "batches" -d 'Payout batches, newest first'
complete -c baitech -n "__fish_baitech_using_subcommand settlements; and not __fish_seen_subcommand_from list batches reconcile payout help" -f -a "reconcile" -d 'Check that the books balance; exits 1 when anything does not add up'
complete -c baitech -n "__fish_baitech_using_subcommand settlements; and not __fish_seen_subcommand_from list batches reconcile payout help" -f -a "payout" -d 'Pay technicians what they are owed over M-Pesa (a dry run unless --execute)'
complete -c baitech -n "__fish_baitech_using_subcommand settlements; and not __fish_seen_subcommand_from list batches reconcile payout help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c baitech -n "__fish_baitech_using_subcommand settlements; and __fish_seen_subcommand_from list" -l status -d 'Only these statuses (comma-separated)' -r -f -a "initiated\t''
pending\t''
processing\t''
completed\t''
escrow\t''
released\t''
failed\t''
cancelled\t''
refunded\t''
partially_refunded\t''"
complete -c baitech -n "__fish_baitech_using_subcommand settlements; and __fish_seen_subcommand_from list" -l type -d 'Only this type' -r -f -a "payment\t''
refund\t''
payout\t''
fee\t''
top_up\t''"
complete -c baitech -n "__fish_baitech_using_subcommand settlements; and __fish_seen_subcommand_from list" -l gateway -d 'Only this gateway' -r -f -a "mpesa\t''
stripe\t''
cash\t''
wallet\t''"
complete -c baitech -n "__fish_baitech_using_subcommand settlements; and __fish_seen_subcommand_from list" -l user -d 'Only transactions this user paid (user id)' -r
complete -c baitech -n "__fish_baitech_using_subcommand settlements; and __fish_seen_subcommand_from list" -l booking -d 'Only this booking\'s transactions (booking id)' -r
complete -c baitech -n "__fish_baitech_using_subcommand settlements; and __fish_seen_subcommand_from list" -l from -d 'Created at or after this time (RFC 3339)' -r
complete -c baitech -n "__fish_baitech_using_subcommand settlements; and __fish_seen_subcommand_from list" -l to -d 'Created at or before this time (RFC 3339)' -r
complete -c baitech -n "__fish_baitech_using_subcommand settlements; and __fish_seen_subcommand_from list" -l limit -d 'At most this many transactions (the store is read page by page)' -r
complete -c baitech -n "__fish_baitech_using_subcommand settlements; and __fish_seen_subcommand_from list" -l format -d 'Output format (`--json` means json)' -r -f -a "table\t''
csv\t''
json\t''"
complete -c baitech -n "__fish_baitech_using_subcommand settlements; and __fish_seen_subcommand_from list" -l env-file -d 'Read variables from this file instead of ./.env (the environment still wins)' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand settlements; and __fish_seen_subcommand_from list" -l environment -d 'development | test | production [env: BAITECH_ENV]' -r
complete -c baitech -n "__fish_baitech_using_subcommand settlements; and __fish_seen_subcommand_from list" -l mongodb-uri -d 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]' -r
complete -c baitech -n "__fish_baitech_using_subcommand settlements; and __fish_seen_subcommand_from list" -l mongodb-db -d 'MongoDB database name [env: MONGODB_DB]' -r
complete -c baitech -n "__fish_baitech_using_subcommand settlements; and __fish_seen_subcommand_from list" -l redis-url -d 'Redis URL; unset = in-process cache [env: REDIS_URL]' -r
complete -c baitech -n "__fish_baitech_using_subcommand settlements; and __fish_seen_subcommand_from list" -l data-dir -d 'Embedded store directory [env: BAITECH_DATA]' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand settlements; and __fish_seen_subcommand_from list" -l json -d 'Machine-readable JSON output instead of tables and text'
complete -c baitech -n "__fish_baitech_using_subcommand settlements; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More log output (-v debug, -vv trace)'
complete -c baitech -n "__fish_baitech_using_subcommand settlements; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Only warnings and errors'
complete -c baitech -n "__fish_baitech_using_subcommand settlements; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c baitech -n "__fish_baitech_using_subcommand settlements; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c baitech -n "__fish_baitech_using_subcommand settlements; and __fish_seen_subcommand_from batches" -l status -d 'Only these statuses (comma-separated)' -r -f -a "open\t''
in_progress\t''
completed\t''"
complete -c baitech -n "__fish_baitech_using_subcommand settlements; and __fish_seen_subcommand_from batches" -l limit -d 'At most this many batches' -r
complete -c baitech -n "__fish_baitech_using_subcommand settlements; and __fish_seen_subcommand_from batches" -l format -d 'Output format (`--json` means json)' -r -f -a "table\t''
csv\t''
json\t''"
complete -c baitech -n "__fish_baitech_using_subcommand settlements; and __fish_seen_subcommand_from batches" -l env-file -d 'Read variables from this file instead of ./.env (the environment still wins)' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand settlements; and __fish_seen_subcommand_from batches" -l environment -d 'development | test | production [env: BAITECH_ENV]' -r
complete -c baitech -n "__fish_baitech_using_subcommand settlements; and __fish_seen_subcommand_from batches" -l mongodb-uri -d 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]' -r
complete -c baitech -n "__fish_baitech_using_subcommand settlements; and __fish_seen_subcommand_from batches" -l mongodb-db -d 'MongoDB database name [env: MONGODB_DB]' -r
complete -c baitech -n "__fish_baitech_using_subcommand settlements; and __fish_seen_subcommand_from batches" -l redis-url -d 'Redis URL; unset = in-process cache [env: REDIS_URL]' -r
complete -c baitech -n "__fish_baitech_using_subcommand settlements; and __fish_seen_subcommand_from batches" -l data-dir -d 'Embedded store directory [env: BAITECH_DATA]' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand settlements; and __fish_seen_subcommand_from batches" -l json -d 'Machine-readable JSON output instead of tables and text'
complete -c baitech -n "__fish_baitech_using_subcommand settlements; and __fish_seen_subcommand_from batches" -s v -l verbose -d 'More log output (-v debug, -vv trace)'
complete -c baitech -n "__fish_baitech_using_subcommand settlements; and __fish_seen_subcommand_from batches" -s q -l quiet -d 'Only warnings and errors'
complete -c baitech -n "__fish_baitech_using_subcommand settlements; and __fish_seen_subcommand_from batches" -s h -l help -d 'Print help'
complete -c baitech -n "__fish_baitech_using_subcommand settlements; and __fish_seen_subcommand_from batches" -s V -l version -d 'Print version'
complete -c baitech -n "__fish_baitech_using_subcommand settlements; and __fish_seen_subcommand_from reconcile" -l escrow-grace-hours -d 'Report escrow held this many hours past its release time' -r
complete -c baitech -n "__fish_baitech_using_subcommand settlements; and __fish_seen_subcommand_from reconcile" -l env-file -d 'Read variables from this file instead of ./.env (the environment still wins)' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand settlements; and __fish_seen_subcommand_from reconcile" -l environment -d 'development | test | production [env: BAITECH_ENV]' -r
complete -c baitech -n "__fish_baitech_using_subcommand settlements; and __fish_seen_subcommand_from reconcile" -l mongodb-uri -d 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]' -r
complete -c baitech -n "__fish_baitech_using_subcommand settlements; and __fish_seen_subcommand_from reconcile" -l mongodb-db -d 'MongoDB database name [env: MONGODB_DB]' -r
complete -c baitech -n "__fish_baitech_using_subcommand settlements; and __fish_seen_subcommand_from reconcile" -l redis-url -d 'Redis URL; unset = in-process cache [env: REDIS_URL]' -r
complete -c baitech -n "__fish_baitech_using_subcommand settlements; and __fish_seen_subcommand_from reconcile" -l data-dir -d 'Embedded store directory [env: BAITECH_DATA]' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand settlements; and __fish_seen_subcommand_from reconcile" -l json -d 'Machine-readable JSON output instead of tables and text'
complete -c baitech -n "__fish_baitech_using_subcommand settlements; and __fish_seen_subcommand_from reconcile" -s v -l verbose -d 'More log output (-v debug, -vv trace)'
complete -c baitech -n "__fish_baitech_using_subcommand settlements; and __fish_seen_subcommand_from reconcile" -s q -l quiet -d 'Only warnings and errors'
complete -c baitech -n "__fish_baitech_using_subcommand settlements; and __fish_seen_subcommand_from reconcile" -s h -l help -d 'Print help'
complete -c baitech -n "__fish_baitech_using_subcommand settlements; and __fish_seen_subcommand_from reconcile" -s V -l version -d 'Print version'
complete -c baitech -n "__fish_baitech_using_subcommand settlements; and __fish_seen_subcommand_from payout" -l min-amount -d 'Pay only technicians owed at least this much (KES, e.g. 100 or 250.50)' -r
complete -c baitech -n "__fish_baitech_using_subcommand settlements; and __fish_seen_subcommand_from payout" -l admin -d 'E-mail of the admin recorded as creating the batch [default: the first active admin]' -r
complete -c baitech -n "__fish_baitech_using_subcommand settlements; and __fish_seen_subcommand_from payout" -l env-file -d 'Read variables from this file instead of ./.env (the environment still wins)' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand settlements; and __fish_seen_subcommand_from payout" -l environment -d 'development | test | production [env: BAITECH_ENV]' -r
complete -c baitech -n "__fish_baitech_using_subcommand settlements; and __fish_seen_subcommand_from payout" -l mongodb-uri -d 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]' -r
complete -c baitech -n "__fish_baitech_using_subcommand settlements; and __fish_seen_subcommand_from payout" -l mongodb-db -d 'MongoDB database name [env: MONGODB_DB]' -r
complete -c baitech -n "__fish_baitech_using_subcommand settlements; and __fish_seen_subcommand_from payout" -l redis-url -d 'Redis URL; unset = in-process cache [env: REDIS_URL]' -r
complete -c baitech -n "__fish_baitech_using_subcommand settlements; and __fish_seen_subcommand_from payout" -l data-dir -d 'Embedded store directory [env: BAITECH_DATA]' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand settlements; and __fish_seen_subcommand_from payout" -l execute -d 'Pay for real; without it nothing is paid'
complete -c baitech -n "__fish_baitech_using_subcommand settlements; and __fish_seen_subcommand_from payout" -s y -l yes -d 'Do not ask for confirmation (needed without a terminal)'
complete -c baitech -n "__fish_baitech_using_subcommand settlements; and __fish_seen_subcommand_from payout" -l json -d 'Machine-readable JSON output instead of tables and text'
complete -c baitech -n "__fish_baitech_using_subcommand settlements; and __fish_seen_subcommand_from payout" -s v -l verbose -d 'More log output (-v debug, -vv trace)'
complete -c baitech -n "__fish_baitech_using_subcommand settlements; and __fish_seen_subcommand_from payout" -s q -l quiet -d 'Only warnings and errors'
complete -c baitech -n "__fish_baitech_using_subcommand settlements; and __fish_seen_subcommand_from payout" -s h -l help -d 'Print help'
complete -c baitech -n "__fish_baitech_using_subcommand settlements; and __fish_seen_subcommand_from payout" -s V -l version -d 'Print version'
complete -c baitech -n "__fish_baitech_using_subcommand settlements; and __fish_seen_subcommand_from help" -f -a "list" -d 'Transactions, newest first, filtered'
complete -c baitech -n "__fish_baitech_using_subcommand settlements; and __fish_seen_subcommand_from help" -f -a "batches" -d 'Payout batches, newest first'
complete -c baitech -n "__fish_baitech_using_subcommand settlements; and __fish_seen_subcommand_from help" -f -a "reconcile" -d 'Check that the books balance; exits 1 when anything does not add up'
complete -c baitech -n "__fish_baitech_using_subcommand settlements; and __fish_seen_subcommand_from help" -f -a "payout" -d 'Pay technicians what they are owed over M-Pesa (a dry run unless --execute)'
complete -c baitech -n "__fish_baitech_using_subcommand settlements; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c baitech -n "__fish_baitech_using_subcommand disputes; and not __fish_seen_subcommand_from list show resolve help" -l env-file -d 'Read variables from this file instead of ./.env (the environment still wins)' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand disputes; and not __fish_seen_subcommand_from list show resolve help" -l environment -d 'development | test | production [env: BAITECH_ENV]' -r
complete -c baitech -n "__fish_baitech_using_subcommand disputes; and not __fish_seen_subcommand_from list show resolve help" -l mongodb-uri -d 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]' -r
complete -c baitech -n "__fish_baitech_using_subcommand disputes; and not __fish_seen_subcommand_from list show resolve help" -l mongodb-db -d 'MongoDB database name [env: MONGODB_DB]' -r
complete -c baitech -n "__fish_baitech_using_subcommand disputes; and not __fish_seen_subcommand_from list show resolve help" -l redis-url -d 'Redis URL; unset = in-process cache [env: REDIS_URL]' -r
complete -c baitech -n "__fish_baitech_using_subcommand disputes; and not __fish_seen_subcommand_from list show resolve help" -l data-dir -d 'Embedded store directory [env: BAITECH_DATA]' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand disputes; and not __fish_seen_subcommand_from list show resolve help" -l json -d 'Machine-readable JSON output instead of tables and text'
complete -c baitech -n "__fish_baitech_using_subcommand disputes; and not __fish_seen_subcommand_from list show resolve help" -s v -l verbose -d 'More log output (-v debug, -vv trace)'
complete -c baitech -n "__fish_baitech_using_subcommand disputes; and not __fish_seen_subcommand_from list show resolve help" -s q -l quiet -d 'Only warnings and errors'
complete -c baitech -n "__fish_baitech_using_subcommand disputes; and not __fish_seen_subcommand_from list show resolve help" -s h -l help -d 'Print help'
complete -c baitech -n "__fish_baitech_using_subcommand disputes; and not __fish_seen_subcommand_from list show resolve help" -s V -l version -d 'Print version'
complete -c baitech -n "__fish_baitech_using_subcommand disputes; and not __fish_seen_subcommand_from list show resolve help" -f -a "list" -d 'Bookings in dispute, newest first'
complete -c baitech -n "__fish_baitech_using_subcommand disputes; and not __fish_seen_subcommand_from list show resolve help" -f -a "show" -d 'One dispute: parties, timeline, evidence, money, audit trail and the booking\'s chat'
complete -c baitech -n "__fish_baitech_using_subcommand disputes; and not __fish_seen_subcommand_from list show resolve help" -f -a "resolve" -d 'Settle a dispute as an admin: refund the customer, release to the technician, or split'
complete -c baitech -n "__fish_baitech_using_subcommand disputes; and not __fish_seen_subcommand_from list show resolve help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c baitech -n "__fish_baitech_using_subcommand disputes; and __fish_seen_subcommand_from list" -l limit -d 'At most this many bookings' -r
complete -c baitech -n "__fish_baitech_using_subcommand disputes; and __fish_seen_subcommand_from list" -l env-file -d 'Read variables from this file instead of ./.env (the environment still wins)' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand disputes; and __fish_seen_subcommand_from list" -l environment -d 'development | test | production [env: BAITECH_ENV]' -r
complete -c baitech -n "__fish_baitech_using_subcommand disputes; and __fish_seen_subcommand_from list" -l mongodb-uri -d 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]' -r
complete -c baitech -n "__fish_baitech_using_subcommand disputes; and __fish_seen_subcommand_from list" -l mongodb-db -d 'MongoDB database name [env: MONGODB_DB]' -r
complete -c baitech -n "__fish_baitech_using_subcommand disputes; and __fish_seen_subcommand_from list" -l redis-url -d 'Redis URL; unset = in-process cache [env: REDIS_URL]' -r
complete -c baitech -n "__fish_baitech_using_subcommand disputes; and __fish_seen_subcommand_from list" -l data-dir -d 'Embedded store directory [env: BAITECH_DATA]' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand disputes; and __fish_seen_subcommand_from list" -l json -d 'Machine-readable JSON output instead of tables and text'
complete -c baitech -n "__fish_baitech_using_subcommand disputes; and __fish_seen_subcommand_from list" -s v -l verbose -d 'More log output (-v debug, -vv trace)'
complete -c baitech -n "__fish_baitech_using_subcommand disputes; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Only warnings and errors'
complete -c baitech -n "__fish_baitech_using_subcommand disputes; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c baitech -n "__fish_baitech_using_subcommand disputes; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c baitech -n "__fish_baitech_using_subcommand disputes; and __fish_seen_subcommand_from show" -l messages -d 'Show this many of the chat\'s last messages' -r
complete -c baitech -n "__fish_baitech_using_subcommand disputes; and __fish_seen_subcommand_from show" -l env-file -d 'Read variables from this file instead of ./.env (the environment still wins)' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand disputes; and __fish_seen_subcommand_from show" -l environment -d 'development | test | production [env: BAITECH_ENV]' -r
complete -c baitech -n "__fish_baitech_using_subcommand disputes; and __fish_seen_subcommand_from show" -l mongodb-uri -d 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]' -r
complete -c baitech -n "__fish_baitech_using_subcommand disputes; and __fish_seen_subcommand_from show" -l mongodb-db -d 'MongoDB database name [env: MONGODB_DB]' -r
complete -c baitech -n "__fish_baitech_using_subcommand disputes; and __fish_seen_subcommand_from show" -l redis-url -d 'Redis URL; unset = in-process cache [env: REDIS_URL]' -r
complete -c baitech -n "__fish_baitech_using_subcommand disputes; and __fish_seen_subcommand_from show" -l data-dir -d 'Embedded store directory [env: BAITECH_DATA]' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand disputes; and __fish_seen_subcommand_from show" -l json -d 'Machine-readable JSON output instead of tables and text'
complete -c baitech -n "__fish_baitech_using_subcommand disputes; and __fish_seen_subcommand_from show" -s v -l verbose -d 'More log output (-v debug, -vv trace)'
complete -c baitech -n "__fish_baitech_using_subcommand disputes; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Only warnings and errors'
complete -c baitech -n "__fish_baitech_using_subcommand disputes; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c baitech -n "__fish_baitech_using_subcommand disputes; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c baitech -n "__fish_baitech_using_subcommand disputes; and __fish_seen_subcommand_from resolve" -l outcome -d 'How the dispute is settled (asked for at a terminal when left out)' -r -f -a "refund_full\t''
refund_partial\t''
release_to_technician\t''
split\t''"
complete -c baitech -n "__fish_baitech_using_subcommand disputes; and __fish_seen_subcommand_from resolve" -l amount -d 'Refund to the customer in KES: required for refund_partial; split defaults to half' -r
complete -c baitech -n "__fish_baitech_using_subcommand disputes; and __fish_seen_subcommand_from resolve" -l reason -d 'Why (kept on the booking and in the audit log)' -r
complete -c baitech -n "__fish_baitech_using_subcommand disputes; and __fish_seen_subcommand_from resolve" -l admin -d 'E-mail of the admin acting [default: the first active admin]' -r
complete -c baitech -n "__fish_baitech_using_subcommand disputes; and __fish_seen_subcommand_from resolve" -l env-file -d 'Read variables from this file instead of ./.env (the environment still wins)' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand disputes; and __fish_seen_subcommand_from resolve" -l environment -d 'development | test | production [env: BAITECH_ENV]' -r
complete -c baitech -n "__fish_baitech_using_subcommand disputes; and __fish_seen_subcommand_from resolve" -l mongodb-uri -d 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]' -r
complete -c baitech -n "__fish_baitech_using_subcommand disputes; and __fish_seen_subcommand_from resolve" -l mongodb-db -d 'MongoDB database name [env: MONGODB_DB]' -r
complete -c baitech -n "__fish_baitech_using_subcommand disputes; and __fish_seen_subcommand_from resolve" -l redis-url -d 'Redis URL; unset = in-process cache [env: REDIS_URL]' -r
complete -c baitech -n "__fish_baitech_using_subcommand disputes; and __fish_seen_subcommand_from resolve" -l data-dir -d 'Embedded store directory [env: BAITECH_DATA]' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand disputes; and __fish_seen_subcommand_from resolve" -s y -l yes -d 'Do not ask for confirmation (needed without a terminal)'
complete -c baitech -n "__fish_baitech_using_subcommand disputes; and __fish_seen_subcommand_from resolve" -l json -d 'Machine-readable JSON output instead of tables and text'
complete -c baitech -n "__fish_baitech_using_subcommand disputes; and __fish_seen_subcommand_from resolve" -s v -l verbose -d 'More log output (-v debug, -vv trace)'
complete -c baitech -n "__fish_baitech_using_subcommand disputes; and __fish_seen_subcommand_from resolve" -s q -l quiet -d 'Only warnings and errors'
complete -c baitech -n "__fish_baitech_using_subcommand disputes; and __fish_seen_subcommand_from resolve" -s h -l help -d 'Print help'
complete -c baitech -n "__fish_baitech_using_subcommand disputes; and __fish_seen_subcommand_from resolve" -s V -l version -d 'Print version'
complete -c baitech -n "__fish_baitech_using_subcommand disputes; and __fish_seen_subcommand_from help" -f -a "list" -d 'Bookings in dispute, newest first'
complete -c baitech -n "__fish_baitech_using_subcommand disputes; and __fish_seen_subcommand_from help" -f -a "show" -d 'One dispute: parties, timeline, evidence, money, audit trail and the booking\'s chat'
complete -c baitech -n "__fish_baitech_using_subcommand disputes; and __fish_seen_subcommand_from help" -f -a "resolve" -d 'Settle a dispute as an admin: refund the customer, release to the technician, or split'
complete -c baitech -n "__fish_baitech_using_subcommand disputes; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c baitech -n "__fish_baitech_using_subcommand export; and not __fish_seen_subcommand_from bookings transactions settlements ledger users technicians audit reviews posts moderation notifications columns report help" -l env-file -d 'Read variables from this file instead of ./.env (the environment still wins)' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand export; and not __fish_seen_subcommand_from bookings transactions settlements ledger users technicians audit reviews posts moderation notifications columns report help" -l environment -d 'development | test | production [env: BAITECH_ENV]' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and not __fish_seen_subcommand_from bookings transactions settlements ledger users technicians audit reviews posts moderation notifications columns report help" -l mongodb-uri -d 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and not __fish_seen_subcommand_from bookings transactions settlements ledger users technicians audit reviews posts moderation notifications columns report help" -l mongodb-db -d 'MongoDB database name [env: MONGODB_DB]' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and not __fish_seen_subcommand_from bookings transactions settlements ledger users technicians audit reviews posts moderation notifications columns report help" -l redis-url -d 'Redis URL; unset = in-process cache [env: REDIS_URL]' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and not __fish_seen_subcommand_from bookings transactions settlements ledger users technicians audit reviews posts moderation notifications columns report help" -l data-dir -d 'Embedded store directory [env: BAITECH_DATA]' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand export; and not __fish_seen_subcommand_from bookings transactions settlements ledger users technicians audit reviews posts moderation notifications columns report help" -l json -d 'Machine-readable JSON output instead of tables and text'
complete -c baitech -n "__fish_baitech_using_subcommand export; and not __fish_seen_subcommand_from bookings transactions settlements ledger users technicians audit reviews posts moderation notifications columns report help" -s v -l verbose -d 'More log output (-v debug, -vv trace)'
complete -c baitech -n "__fish_baitech_using_subcommand export; and not __fish_seen_subcommand_from bookings transactions settlements ledger users technicians audit reviews posts moderation notifications columns report help" -s q -l quiet -d 'Only warnings and errors'
complete -c baitech -n "__fish_baitech_using_subcommand export; and not __fish_seen_subcommand_from bookings transactions settlements ledger users technicians audit reviews posts moderation notifications columns report help" -s h -l help -d 'Print help'
complete -c baitech -n "__fish_baitech_using_subcommand export; and not __fish_seen_subcommand_from bookings transactions settlements ledger users technicians audit reviews posts moderation notifications columns report help" -s V -l version -d 'Print version'
complete -c baitech -n "__fish_baitech_using_subcommand export; and not __fish_seen_subcommand_from bookings transactions settlements ledger users technicians audit reviews posts moderation notifications columns report help" -f -a "bookings" -d 'Bookings with their price breakdown, by creation time'
complete -c baitech -n "__fish_baitech_using_subcommand export; and not __fish_seen_subcommand_from bookings transactions settlements ledger users technicians audit reviews posts moderation notifications columns report help" -f -a "transactions" -d 'Payments, refunds and payouts with their split, by creation time'
complete -c baitech -n "__fish_baitech_using_subcommand export; and not __fish_seen_subcommand_from bookings transactions settlements ledger users technicians audit reviews posts moderation notifications columns report help" -f -a "settlements" -d 'Payout batches, one row per payout item, by batch creation time'
complete -c baitech -n "__fish_baitech_using_subcommand export; and not __fish_seen_subcommand_from bookings transactions settlements ledger users technicians audit reviews posts moderation notifications columns report help" -f -a "ledger" -d 'Ledger lines (double entry), by posting time'
complete -c baitech -n "__fish_baitech_using_subcommand export; and not __fish_seen_subcommand_from bookings transactions settlements ledger users technicians audit reviews posts moderation notifications columns report help" -f -a "users" -d 'User accounts, by creation time'
complete -c baitech -n "__fish_baitech_using_subcommand export; and not __fish_seen_subcommand_from bookings transactions settlements ledger users technicians audit reviews posts moderation notifications columns report help" -f -a "technicians" -d 'Technicians with their trades, statistics and earnings, by account creation time'
complete -c baitech -n "__fish_baitech_using_subcommand export; and not __fish_seen_subcommand_from bookings transactions settlements ledger users technicians audit reviews posts moderation notifications columns report help" -f -a "audit" -d 'The audit log of privileged actions, by time of action'
complete -c baitech -n "__fish_baitech_using_subcommand export; and not __fish_seen_subcommand_from bookings transactions settlements ledger users technicians audit reviews posts moderation notifications columns report help" -f -a "reviews" -d 'Reviews with their ratings, moderation and votes, by creation time'
complete -c baitech -n "__fish_baitech_using_subcommand export; and not __fish_seen_subcommand_from bookings transactions settlements ledger users technicians audit reviews posts moderation notifications columns report help" -f -a "posts" -d 'Feed posts with their engagement and moderation, by creation time'
complete -c baitech -n "__fish_baitech_using_subcommand export; and not __fish_seen_subcommand_from bookings transactions settlements ledger users technicians audit reviews posts moderation notifications columns report help" -f -a "moderation" -d 'Moderation decisions on posts, comments and reviews (from the audit log), by time'
complete -c baitech -n "__fish_baitech_using_subcommand export; and not __fish_seen_subcommand_from bookings transactions settlements ledger users technicians audit reviews posts moderation notifications columns report help" -f -a "notifications" -d 'Notifications, one row per channel with delivery status, attempts and SMS cost, by creation time'
complete -c baitech -n "__fish_baitech_using_subcommand export; and not __fish_seen_subcommand_from bookings transactions settlements ledger users technicians audit reviews posts moderation notifications columns report help" -f -a "columns" -d 'The columns of each dataset: CSV header, meaning, and whether it is personal data'
complete -c baitech -n "__fish_baitech_using_subcommand export; and not __fish_seen_subcommand_from bookings transactions settlements ledger users technicians audit reviews posts moderation notifications columns report help" -f -a "report" -d 'An operators\' report: revenue, technicians, bookings (the funnel) or disputes'
complete -c baitech -n "__fish_baitech_using_subcommand export; and not __fish_seen_subcommand_from bookings transactions settlements ledger users technicians audit reviews posts moderation notifications columns report help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from bookings" -l from -d 'Start of the range, inclusive: a date (midnight in --tz), a local time, or RFC 3339' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from bookings" -l to -d 'End of the range, exclusive: a date (midnight in --tz), a local time, or RFC 3339' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from bookings" -l tz -d 'Time zone dates are read in and CSV times written in (IANA name)' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from bookings" -l status -d 'Only rows in this state (bookings, transactions, settlements, users, technicians, reviews; posts by moderation state; moderation by decision: approve or remove)' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from bookings" -l city -d 'Only this city, any case (bookings, users, technicians, posts)' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from bookings" -l category -d 'Only this service category (bookings, technicians, posts)' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from bookings" -l technician -d 'Only this technician\'s rows, by user id (bookings, transactions, settlements; reviews by or about them)' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from bookings" -l format -d 'Output format' -r -f -a "csv\t''
json\t''
ndjson\t''"
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from bookings" -l columns -d 'Columns to write, in this order, comma-separated (see `export columns`)' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from bookings" -s o -l out -d 'Write here instead of stdout; a name ending in .gz is gzip-compressed' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from bookings" -l admin -d 'E-mail of the admin exporting, named in the audit entry [default: the first active admin]' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from bookings" -l env-file -d 'Read variables from this file instead of ./.env (the environment still wins)' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from bookings" -l environment -d 'development | test | production [env: BAITECH_ENV]' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from bookings" -l mongodb-uri -d 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from bookings" -l mongodb-db -d 'MongoDB database name [env: MONGODB_DB]' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from bookings" -l redis-url -d 'Redis URL; unset = in-process cache [env: REDIS_URL]' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from bookings" -l data-dir -d 'Embedded store directory [env: BAITECH_DATA]' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from bookings" -l include-pii -d 'Include personal data (names, e-mails, phones, addresses); writes an audit entry'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from bookings" -l json -d 'Machine-readable JSON output instead of tables and text'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from bookings" -s v -l verbose -d 'More log output (-v debug, -vv trace)'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from bookings" -s q -l quiet -d 'Only warnings and errors'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from bookings" -s h -l help -d 'Print help'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from bookings" -s V -l version -d 'Print version'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from transactions" -l from -d 'Start of the range, inclusive: a date (midnight in --tz), a local time, or RFC 3339' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from transactions" -l to -d 'End of the range, exclusive: a date (midnight in --tz), a local time, or RFC 3339' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from transactions" -l tz -d 'Time zone dates are read in and CSV times written in (IANA name)' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from transactions" -l status -d 'Only rows in this state (bookings, transactions, settlements, users, technicians, reviews; posts by moderation state; moderation by decision: approve or remove)' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from transactions" -l city -d 'Only this city, any case (bookings, users, technicians, posts)' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from transactions" -l category -d 'Only this service category (bookings, technicians, posts)' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from transactions" -l technician -d 'Only this technician\'s rows, by user id (bookings, transactions, settlements; reviews by or about them)' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from transactions" -l format -d 'Output format' -r -f -a "csv\t''
json\t''
ndjson\t''"
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from transactions" -l columns -d 'Columns to write, in this order, comma-separated (see `export columns`)' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from transactions" -s o -l out -d 'Write here instead of stdout; a name ending in .gz is gzip-compressed' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from transactions" -l admin -d 'E-mail of the admin exporting, named in the audit entry [default: the first active admin]' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from transactions" -l env-file -d 'Read variables from this file instead of ./.env (the environment still wins)' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from transactions" -l environment -d 'development | test | production [env: BAITECH_ENV]' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from transactions" -l mongodb-uri -d 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from transactions" -l mongodb-db -d 'MongoDB database name [env: MONGODB_DB]' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from transactions" -l redis-url -d 'Redis URL; unset = in-process cache [env: REDIS_URL]' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from transactions" -l data-dir -d 'Embedded store directory [env: BAITECH_DATA]' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from transactions" -l include-pii -d 'Include personal data (names, e-mails, phones, addresses); writes an audit entry'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from transactions" -l json -d 'Machine-readable JSON output instead of tables and text'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from transactions" -s v -l verbose -d 'More log output (-v debug, -vv trace)'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from transactions" -s q -l quiet -d 'Only warnings and errors'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from transactions" -s h -l help -d 'Print help'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from transactions" -s V -l version -d 'Print version'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from settlements" -l from -d 'Start of the range, inclusive: a date (midnight in --tz), a local time, or RFC 3339' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from settlements" -l to -d 'End of the range, exclusive: a date (midnight in --tz), a local time, or RFC 3339' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from settlements" -l tz -d 'Time zone dates are read in and CSV times written in (IANA name)' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from settlements" -l status -d 'Only rows in this state (bookings, transactions, settlements, users, technicians, reviews; posts by moderation state; moderation by decision: approve or remove)' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from settlements" -l city -d 'Only this city, any case (bookings, users, technicians, posts)' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from settlements" -l category -d 'Only this service category (bookings, technicians, posts)' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from settlements" -l technician -d 'Only this technician\'s rows, by user id (bookings, transactions, settlements; reviews by or about them)' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from settlements" -l format -d 'Output format' -r -f -a "csv\t''
json\t''
ndjson\t''"
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from settlements" -l columns -d 'Columns to write, in this order, comma-separated (see `export columns`)' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from settlements" -s o -l out -d 'Write here instead of stdout; a name ending in .gz is gzip-compressed' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from settlements" -l admin -d 'E-mail of the admin exporting, named in the audit entry [default: the first active admin]' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from settlements" -l env-file -d 'Read variables from this file instead of ./.env (the environment still wins)' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from settlements" -l environment -d 'development | test | production [env: BAITECH_ENV]' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from settlements" -l mongodb-uri -d 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from settlements" -l mongodb-db -d 'MongoDB database name [env: MONGODB_DB]' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from settlements" -l redis-url -d 'Redis URL; unset = in-process cache [env: REDIS_URL]' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from settlements" -l data-dir -d 'Embedded store directory [env: BAITECH_DATA]' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from settlements" -l include-pii -d 'Include personal data (names, e-mails, phones, addresses); writes an audit entry'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from settlements" -l json -d 'Machine-readable JSON output instead of tables and text'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from settlements" -s v -l verbose -d 'More log output (-v debug, -vv trace)'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from settlements" -s q -l quiet -d 'Only warnings and errors'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from settlements" -s h -l help -d 'Print help'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from settlements" -s V -l version -d 'Print version'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from ledger" -l from -d 'Start of the range, inclusive: a date (midnight in --tz), a local time, or RFC 3339' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from ledger" -l to -d 'End of the range, exclusive: a date (midnight in --tz), a local time, or RFC 3339' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from ledger" -l tz -d 'Time zone dates are read in and CSV times written in (IANA name)' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from ledger" -l status -d 'Only rows in this state (bookings, transactions, settlements, users, technicians, reviews; posts by moderation state; moderation by decision: approve or remove)' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from ledger" -l city -d 'Only this city, any case (bookings, users, technicians, posts)' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from ledger" -l category -d 'Only this service category (bookings, technicians, posts)' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from ledger" -l technician -d 'Only this technician\'s rows, by user id (bookings, transactions, settlements; reviews by or about them)' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from ledger" -l format -d 'Output format' -r -f -a "csv\t''
json\t''
ndjson\t''"
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from ledger" -l columns -d 'Columns to write, in this order, comma-separated (see `export columns`)' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from ledger" -s o -l out -d 'Write here instead of stdout; a name ending in .gz is gzip-compressed' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from ledger" -l admin -d 'E-mail of the admin exporting, named in the audit entry [default: the first active admin]' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from ledger" -l env-file -d 'Read variables from this file instead of ./.env (the environment still wins)' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from ledger" -l environment -d 'development | test | production [env: BAITECH_ENV]' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from ledger" -l mongodb-uri -d 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from ledger" -l mongodb-db -d 'MongoDB database name [env: MONGODB_DB]' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from ledger" -l redis-url -d 'Redis URL; unset = in-process cache [env: REDIS_URL]' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from ledger" -l data-dir -d 'Embedded store directory [env: BAITECH_DATA]' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from ledger" -l include-pii -d 'Include personal data (names, e-mails, phones, addresses); writes an audit entry'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from ledger" -l json -d 'Machine-readable JSON output instead of tables and text'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from ledger" -s v -l verbose -d 'More log output (-v debug, -vv trace)'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from ledger" -s q -l quiet -d 'Only warnings and errors'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from ledger" -s h -l help -d 'Print help'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from ledger" -s V -l version -d 'Print version'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from users" -l from -d 'Start of the range, inclusive: a date (midnight in --tz), a local time, or RFC 3339' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from users" -l to -d 'End of the range, exclusive: a date (midnight in --tz), a local time, or RFC 3339' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from users" -l tz -d 'Time zone dates are read in and CSV times written in (IANA name)' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from users" -l status -d 'Only rows in this state (bookings, transactions, settlements, users, technicians, reviews; posts by moderation state; moderation by decision: approve or remove)' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from users" -l city -d 'Only this city, any case (bookings, users, technicians, posts)' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from users" -l category -d 'Only this service category (bookings, technicians, posts)' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from users" -l technician -d 'Only this technician\'s rows, by user id (bookings, transactions, settlements; reviews by or about them)' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from users" -l format -d 'Output format' -r -f -a "csv\t''
json\t''
ndjson\t''"
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from users" -l columns -d 'Columns to write, in this order, comma-separated (see `export columns`)' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from users" -s o -l out -d 'Write here instead of stdout; a name ending in .gz is gzip-compressed' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from users" -l admin -d 'E-mail of the admin exporting, named in the audit entry [default: the first active admin]' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from users" -l env-file -d 'Read variables from this file instead of ./.env (the environment still wins)' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from users" -l environment -d 'development | test | production [env: BAITECH_ENV]' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from users" -l mongodb-uri -d 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from users" -l mongodb-db -d 'MongoDB database name [env: MONGODB_DB]' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from users" -l redis-url -d 'Redis URL; unset = in-process cache [env: REDIS_URL]' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from users" -l data-dir -d 'Embedded store directory [env: BAITECH_DATA]' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from users" -l include-pii -d 'Include personal data (names, e-mails, phones, addresses); writes an audit entry'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from users" -l json -d 'Machine-readable JSON output instead of tables and text'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from users" -s v -l verbose -d 'More log output (-v debug, -vv trace)'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from users" -s q -l quiet -d 'Only warnings and errors'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from users" -s h -l help -d 'Print help'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from users" -s V -l version -d 'Print version'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from technicians" -l from -d 'Start of the range, inclusive: a date (midnight in --tz), a local time, or RFC 3339' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from technicians" -l to -d 'End of the range, exclusive: a date (midnight in --tz), a local time, or RFC 3339' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from technicians" -l tz -d 'Time zone dates are read in and CSV times written in (IANA name)' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from technicians" -l status -d 'Only rows in this state (bookings, transactions, settlements, users, technicians, reviews; posts by moderation state; moderation by decision: approve or remove)' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from technicians" -l city -d 'Only this city, any case (bookings, users, technicians, posts)' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from technicians" -l category -d 'Only this service category (bookings, technicians, posts)' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from technicians" -l technician -d 'Only this technician\'s rows, by user id (bookings, transactions, settlements; reviews by or about them)' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from technicians" -l format -d 'Output format' -r -f -a "csv\t''
json\t''
ndjson\t''"
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from technicians" -l columns -d 'Columns to write, in this order, comma-separated (see `export columns`)' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from technicians" -s o -l out -d 'Write here instead of stdout; a name ending in .gz is gzip-compressed' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from technicians" -l admin -d 'E-mail of the admin exporting, named in the audit entry [default: the first active admin]' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from technicians" -l env-file -d 'Read variables from this file instead of ./.env (the environment still wins)' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from technicians" -l environment -d 'development | test | production [env: BAITECH_ENV]' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from technicians" -l mongodb-uri -d 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from technicians" -l mongodb-db -d 'MongoDB database name [env: MONGODB_DB]' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from technicians" -l redis-url -d 'Redis URL; unset = in-process cache [env: REDIS_URL]' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from technicians" -l data-dir -d 'Embedded store directory [env: BAITECH_DATA]' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from technicians" -l include-pii -d 'Include personal data (names, e-mails, phones, addresses); writes an audit entry'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from technicians" -l json -d 'Machine-readable JSON output instead of tables and text'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from technicians" -s v -l verbose -d 'More log output (-v debug, -vv trace)'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from technicians" -s q -l quiet -d 'Only warnings and errors'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from technicians" -s h -l help -d 'Print help'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from technicians" -s V -l version -d 'Print version'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from audit" -l from -d 'Start of the range, inclusive: a date (midnight in --tz), a local time, or RFC 3339' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from audit" -l to -d 'End of the range, exclusive: a date (midnight in --tz), a local time, or RFC 3339' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from audit" -l tz -d 'Time zone dates are read in and CSV times written in (IANA name)' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from audit" -l status -d 'Only rows in this state (bookings, transactions, settlements, users, technicians, reviews; posts by moderation state; moderation by decision: approve or remove)' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from audit" -l city -d 'Only this city, any case (bookings, users, technicians, posts)' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from audit" -l category -d 'Only this service category (bookings, technicians, posts)' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from audit" -l technician -d 'Only this technician\'s rows, by user id (bookings, transactions, settlements; reviews by or about them)' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from audit" -l format -d 'Output format' -r -f -a "csv\t''
json\t''
ndjson\t''"
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from audit" -l columns -d 'Columns to write, in this order, comma-separated (see `export columns`)' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from audit" -s o -l out -d 'Write here instead of stdout; a name ending in .gz is gzip-compressed' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from audit" -l admin -d 'E-mail of the admin exporting, named in the audit entry [default: the first active admin]' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from audit" -l env-file -d 'Read variables from this file instead of ./.env (the environment still wins)' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from audit" -l environment -d 'development | test | production [env: BAITECH_ENV]' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from audit" -l mongodb-uri -d 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from audit" -l mongodb-db -d 'MongoDB database name [env: MONGODB_DB]' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from audit" -l redis-url -d 'Redis URL; unset = in-process cache [env: REDIS_URL]' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from audit" -l data-dir -d 'Embedded store directory [env: BAITECH_DATA]' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from audit" -l include-pii -d 'Include personal data (names, e-mails, phones, addresses); writes an audit entry'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from audit" -l json -d 'Machine-readable JSON output instead of tables and text'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from audit" -s v -l verbose -d 'More log output (-v debug, -vv trace)'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from audit" -s q -l quiet -d 'Only warnings and errors'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from audit" -s h -l help -d 'Print help'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from audit" -s V -l version -d 'Print version'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from reviews" -l from -d 'Start of the range, inclusive: a date (midnight in --tz), a local time, or RFC 3339' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from reviews" -l to -d 'End of the range, exclusive: a date (midnight in --tz), a local time, or RFC 3339' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from reviews" -l tz -d 'Time zone dates are read in and CSV times written in (IANA name)' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from reviews" -l status -d 'Only rows in this state (bookings, transactions, settlements, users, technicians, reviews; posts by moderation state; moderation by decision: approve or remove)' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from reviews" -l city -d 'Only this city, any case (bookings, users, technicians, posts)' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from reviews" -l category -d 'Only this service category (bookings, technicians, posts)' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from reviews" -l technician -d 'Only this technician\'s rows, by user id (bookings, transactions, settlements; reviews by or about them)' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from reviews" -l format -d 'Output format' -r -f -a "csv\t''
json\t''
ndjson\t''"
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from reviews" -l columns -d 'Columns to write, in this order, comma-separated (see `export columns`)' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from reviews" -s o -l out -d 'Write here instead of stdout; a name ending in .gz is gzip-compressed' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from reviews" -l admin -d 'E-mail of the admin exporting, named in the audit entry [default: the first active admin]' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from reviews" -l env-file -d 'Read variables from this file instead of ./.env (the environment still wins)' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from reviews" -l environment -d 'development | test | production [env: BAITECH_ENV]' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from reviews" -l mongodb-uri -d 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from reviews" -l mongodb-db -d 'MongoDB database name [env: MONGODB_DB]' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from reviews" -l redis-url -d 'Redis URL; unset = in-process cache [env: REDIS_URL]' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from reviews" -l data-dir -d 'Embedded store directory [env: BAITECH_DATA]' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from reviews" -l include-pii -d 'Include personal data (names, e-mails, phones, addresses); writes an audit entry'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from reviews" -l json -d 'Machine-readable JSON output instead of tables and text'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from reviews" -s v -l verbose -d 'More log output (-v debug, -vv trace)'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from reviews" -s q -l quiet -d 'Only warnings and errors'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from reviews" -s h -l help -d 'Print help'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from reviews" -s V -l version -d 'Print version'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from posts" -l from -d 'Start of the range, inclusive: a date (midnight in --tz), a local time, or RFC 3339' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from posts" -l to -d 'End of the range, exclusive: a date (midnight in --tz), a local time, or RFC 3339' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from posts" -l tz -d 'Time zone dates are read in and CSV times written in (IANA name)' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from posts" -l status -d 'Only rows in this state (bookings, transactions, settlements, users, technicians, reviews; posts by moderation state; moderation by decision: approve or remove)' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from posts" -l city -d 'Only this city, any case (bookings, users, technicians, posts)' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from posts" -l category -d 'Only this service category (bookings, technicians, posts)' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from posts" -l technician -d 'Only this technician\'s rows, by user id (bookings, transactions, settlements; reviews by or about them)' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from posts" -l format -d 'Output format' -r -f -a "csv\t''
json\t''
ndjson\t''"
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from posts" -l columns -d 'Columns to write, in this order, comma-separated (see `export columns`)' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from posts" -s o -l out -d 'Write here instead of stdout; a name ending in .gz is gzip-compressed' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from posts" -l admin -d 'E-mail of the admin exporting, named in the audit entry [default: the first active admin]' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from posts" -l env-file -d 'Read variables from this file instead of ./.env (the environment still wins)' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from posts" -l environment -d 'development | test | production [env: BAITECH_ENV]' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from posts" -l mongodb-uri -d 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from posts" -l mongodb-db -d 'MongoDB database name [env: MONGODB_DB]' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from posts" -l redis-url -d 'Redis URL; unset = in-process cache [env: REDIS_URL]' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from posts" -l data-dir -d 'Embedded store directory [env: BAITECH_DATA]' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from posts" -l include-pii -d 'Include personal data (names, e-mails, phones, addresses); writes an audit entry'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from posts" -l json -d 'Machine-readable JSON output instead of tables and text'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from posts" -s v -l verbose -d 'More log output (-v debug, -vv trace)'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from posts" -s q -l quiet -d 'Only warnings and errors'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from posts" -s h -l help -d 'Print help'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from posts" -s V -l version -d 'Print version'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from moderation" -l from -d 'Start of the range, inclusive: a date (midnight in --tz), a local time, or RFC 3339' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from moderation" -l to -d 'End of the range, exclusive: a date (midnight in --tz), a local time, or RFC 3339' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from moderation" -l tz -d 'Time zone dates are read in and CSV times written in (IANA name)' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from moderation" -l status -d 'Only rows in this state (bookings, transactions, settlements, users, technicians, reviews; posts by moderation state; moderation by decision: approve or remove)' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from moderation" -l city -d 'Only this city, any case (bookings, users, technicians, posts)' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from moderation" -l category -d 'Only this service category (bookings, technicians, posts)' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from moderation" -l technician -d 'Only this technician\'s rows, by user id (bookings, transactions, settlements; reviews by or about them)' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from moderation" -l format -d 'Output format' -r -f -a "csv\t''
json\t''
ndjson\t''"
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from moderation" -l columns -d 'Columns to write, in this order, comma-separated (see `export columns`)' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from moderation" -s o -l out -d 'Write here instead of stdout; a name ending in .gz is gzip-compressed' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from moderation" -l admin -d 'E-mail of the admin exporting, named in the audit entry [default: the first active admin]' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from moderation" -l env-file -d 'Read variables from this file instead of ./.env (the environment still wins)' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from moderation" -l environment -d 'development | test | production [env: BAITECH_ENV]' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from moderation" -l mongodb-uri -d 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from moderation" -l mongodb-db -d 'MongoDB database name [env: MONGODB_DB]' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from moderation" -l redis-url -d 'Redis URL; unset = in-process cache [env: REDIS_URL]' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from moderation" -l data-dir -d 'Embedded store directory [env: BAITECH_DATA]' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from moderation" -l include-pii -d 'Include personal data (names, e-mails, phones, addresses); writes an audit entry'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from moderation" -l json -d 'Machine-readable JSON output instead of tables and text'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from moderation" -s v -l verbose -d 'More log output (-v debug, -vv trace)'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from moderation" -s q -l quiet -d 'Only warnings and errors'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from moderation" -s h -l help -d 'Print help'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from moderation" -s V -l version -d 'Print version'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from notifications" -l from -d 'Start of the range, inclusive: a date (midnight in --tz), a local time, or RFC 3339' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from notifications" -l to -d 'End of the range, exclusive: a date (midnight in --tz), a local time, or RFC 3339' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from notifications" -l tz -d 'Time zone dates are read in and CSV times written in (IANA name)' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from notifications" -l status -d 'Only rows in this state (bookings, transactions, settlements, users, technicians, reviews; posts by moderation state; moderation by decision: approve or remove)' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from notifications" -l city -d 'Only this city, any case (bookings, users, technicians, posts)' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from notifications" -l category -d 'Only this service category (bookings, technicians, posts)' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from notifications" -l technician -d 'Only this technician\'s rows, by user id (bookings, transactions, settlements; reviews by or about them)' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from notifications" -l format -d 'Output format' -r -f -a "csv\t''
json\t''
ndjson\t''"
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from notifications" -l columns -d 'Columns to write, in this order, comma-separated (see `export columns`)' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from notifications" -s o -l out -d 'Write here instead of stdout; a name ending in .gz is gzip-compressed' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from notifications" -l admin -d 'E-mail of the admin exporting, named in the audit entry [default: the first active admin]' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from notifications" -l env-file -d 'Read variables from this file instead of ./.env (the environment still wins)' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from notifications" -l environment -d 'development | test | production [env: BAITECH_ENV]' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from notifications" -l mongodb-uri -d 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from notifications" -l mongodb-db -d 'MongoDB database name [env: MONGODB_DB]' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from notifications" -l redis-url -d 'Redis URL; unset = in-process cache [env: REDIS_URL]' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from notifications" -l data-dir -d 'Embedded store directory [env: BAITECH_DATA]' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from notifications" -l include-pii -d 'Include personal data (names, e-mails, phones, addresses); writes an audit entry'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from notifications" -l json -d 'Machine-readable JSON output instead of tables and text'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from notifications" -s v -l verbose -d 'More log output (-v debug, -vv trace)'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from notifications" -s q -l quiet -d 'Only warnings and errors'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from notifications" -s h -l help -d 'Print help'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from notifications" -s V -l version -d 'Print version'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from columns" -l env-file -d 'Read variables from this file instead of ./.env (the environment still wins)' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from columns" -l environment -d 'development | test | production [env: BAITECH_ENV]' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from columns" -l mongodb-uri -d 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from columns" -l mongodb-db -d 'MongoDB database name [env: MONGODB_DB]' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from columns" -l redis-url -d 'Redis URL; unset = in-process cache [env: REDIS_URL]' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from columns" -l data-dir -d 'Embedded store directory [env: BAITECH_DATA]' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from columns" -l json -d 'Machine-readable JSON output instead of tables and text'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from columns" -s v -l verbose -d 'More log output (-v debug, -vv trace)'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from columns" -s q -l quiet -d 'Only warnings and errors'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from columns" -s h -l help -d 'Print help'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from columns" -s V -l version -d 'Print version'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from report" -l from -d 'Start of the range, inclusive: a date (midnight in --tz), a local time, or RFC 3339' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from report" -l to -d 'End of the range, exclusive: a date (midnight in --tz), a local time, or RFC 3339' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from report" -l tz -d 'Time zone of dates, of the revenue periods and of CSV times (IANA name)' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from report" -l by -d 'Revenue: one row per day, ISO week (named by its Monday) or month [default: day]' -r -f -a "day\t''
week\t''
month\t''"
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from report" -l group -d 'Revenue: also one row per city, service category or gateway' -r -f -a "city\t''
category\t''
gateway\t''"
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from report" -l format -d 'A table on the terminal, or an export format (a table written to --out is CSV)' -r -f -a "table\t''
csv\t''
json\t''
ndjson\t''"
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from report" -s o -l out -d 'Write here instead of stdout; a name ending in .gz is gzip-compressed' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from report" -l env-file -d 'Read variables from this file instead of ./.env (the environment still wins)' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from report" -l environment -d 'development | test | production [env: BAITECH_ENV]' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from report" -l mongodb-uri -d 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from report" -l mongodb-db -d 'MongoDB database name [env: MONGODB_DB]' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from report" -l redis-url -d 'Redis URL; unset = in-process cache [env: REDIS_URL]' -r
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from report" -l data-dir -d 'Embedded store directory [env: BAITECH_DATA]' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from report" -l json -d 'Machine-readable JSON output instead of tables and text'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from report" -s v -l verbose -d 'More log output (-v debug, -vv trace)'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from report" -s q -l quiet -d 'Only warnings and errors'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from report" -s h -l help -d 'Print help'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from report" -s V -l version -d 'Print version'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from help" -f -a "bookings" -d 'Bookings with their price breakdown, by creation time'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from help" -f -a "transactions" -d 'Payments, refunds and payouts with their split, by creation time'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from help" -f -a "settlements" -d 'Payout batches, one row per payout item, by batch creation time'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from help" -f -a "ledger" -d 'Ledger lines (double entry), by posting time'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from help" -f -a "users" -d 'User accounts, by creation time'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from help" -f -a "technicians" -d 'Technicians with their trades, statistics and earnings, by account creation time'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from help" -f -a "audit" -d 'The audit log of privileged actions, by time of action'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from help" -f -a "reviews" -d 'Reviews with their ratings, moderation and votes, by creation time'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from help" -f -a "posts" -d 'Feed posts with their engagement and moderation, by creation time'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from help" -f -a "moderation" -d 'Moderation decisions on posts, comments and reviews (from the audit log), by time'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from help" -f -a "notifications" -d 'Notifications, one row per channel with delivery status, attempts and SMS cost, by creation time'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from help" -f -a "columns" -d 'The columns of each dataset: CSV header, meaning, and whether it is personal data'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from help" -f -a "report" -d 'An operators\' report: revenue, technicians, bookings (the funnel) or disputes'
complete -c baitech -n "__fish_baitech_using_subcommand export; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and not __fish_seen_subcommand_from queue show approve remove review bulk log help" -l env-file -d 'Read variables from this file instead of ./.env (the environment still wins)' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and not __fish_seen_subcommand_from queue show approve remove review bulk log help" -l environment -d 'development | test | production [env: BAITECH_ENV]' -r
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and not __fish_seen_subcommand_from queue show approve remove review bulk log help" -l mongodb-uri -d 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]' -r
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and not __fish_seen_subcommand_from queue show approve remove review bulk log help" -l mongodb-db -d 'MongoDB database name [env: MONGODB_DB]' -r
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and not __fish_seen_subcommand_from queue show approve remove review bulk log help" -l redis-url -d 'Redis URL; unset = in-process cache [env: REDIS_URL]' -r
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and not __fish_seen_subcommand_from queue show approve remove review bulk log help" -l data-dir -d 'Embedded store directory [env: BAITECH_DATA]' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and not __fish_seen_subcommand_from queue show approve remove review bulk log help" -l json -d 'Machine-readable JSON output instead of tables and text'
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and not __fish_seen_subcommand_from queue show approve remove review bulk log help" -s v -l verbose -d 'More log output (-v debug, -vv trace)'
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and not __fish_seen_subcommand_from queue show approve remove review bulk log help" -s q -l quiet -d 'Only warnings and errors'
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and not __fish_seen_subcommand_from queue show approve remove review bulk log help" -s h -l help -d 'Print help'
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and not __fish_seen_subcommand_from queue show approve remove review bulk log help" -s V -l version -d 'Print version'
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and not __fish_seen_subcommand_from queue show approve remove review bulk log help" -f -a "queue" -d 'Posts, comments and reviews waiting for review, newest first'
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and not __fish_seen_subcommand_from queue show approve remove review bulk log help" -f -a "show" -d 'One post, comment or review: content, scores (a review\'s stars and sentiment), its author\'s history, reports, past decisions'
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and not __fish_seen_subcommand_from queue show approve remove review bulk log help" -f -a "approve" -d 'Keep an item: visible again, its reports dismissed (a review is left as it is, its flag cleared)'
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and not __fish_seen_subcommand_from queue show approve remove review bulk log help" -f -a "remove" -d 'Take an item down, with a reason the author is told (a review is hidden and stops counting in the reviewed user\'s statistics)'
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and not __fish_seen_subcommand_from queue show approve remove review bulk log help" -f -a "review" -d 'Go through the queue at a terminal: approve, remove with a reason, or skip each item'
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and not __fish_seen_subcommand_from queue show approve remove review bulk log help" -f -a "bulk" -d 'Remove many items with one reason: by ids or everything of one author'
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and not __fish_seen_subcommand_from queue show approve remove review bulk log help" -f -a "log" -d 'Past moderation decisions, newest first'
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and not __fish_seen_subcommand_from queue show approve remove review bulk log help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from queue" -l kind -d 'Only this kind of content (repeatable)' -r -f -a "post\t''
comment\t''
review\t''"
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from queue" -l status -d 'Moderation state listed' -r -f -a "pending_review\t''
approved\t''
rejected\t''
removed\t''"
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from queue" -l reason -d 'Only items held for this reason (spam, profanity, a report category, ...)' -r
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from queue" -l author -d 'Only this author\'s items (user id or e-mail)' -r
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from queue" -l since -d 'Only items created at or after this (a date, a local time in Africa/Nairobi, or RFC 3339)' -r
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from queue" -l limit -d 'At most this many items' -r
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from queue" -l env-file -d 'Read variables from this file instead of ./.env (the environment still wins)' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from queue" -l environment -d 'development | test | production [env: BAITECH_ENV]' -r
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from queue" -l mongodb-uri -d 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]' -r
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from queue" -l mongodb-db -d 'MongoDB database name [env: MONGODB_DB]' -r
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from queue" -l redis-url -d 'Redis URL; unset = in-process cache [env: REDIS_URL]' -r
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from queue" -l data-dir -d 'Embedded store directory [env: BAITECH_DATA]' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from queue" -l json -d 'Machine-readable JSON output instead of tables and text'
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from queue" -s v -l verbose -d 'More log output (-v debug, -vv trace)'
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from queue" -s q -l quiet -d 'Only warnings and errors'
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from queue" -s h -l help -d 'Print help'
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from queue" -s V -l version -d 'Print version'
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from show" -l kind -d 'Which kind the id is (found either way when left out)' -r -f -a "post\t''
comment\t''
review\t''"
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from show" -l env-file -d 'Read variables from this file instead of ./.env (the environment still wins)' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from show" -l environment -d 'development | test | production [env: BAITECH_ENV]' -r
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from show" -l mongodb-uri -d 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]' -r
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from show" -l mongodb-db -d 'MongoDB database name [env: MONGODB_DB]' -r
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from show" -l redis-url -d 'Redis URL; unset = in-process cache [env: REDIS_URL]' -r
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from show" -l data-dir -d 'Embedded store directory [env: BAITECH_DATA]' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from show" -l json -d 'Machine-readable JSON output instead of tables and text'
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from show" -s v -l verbose -d 'More log output (-v debug, -vv trace)'
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Only warnings and errors'
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from approve" -l kind -r -f -a "post\t''
comment\t''
review\t''"
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from approve" -l admin -d 'E-mail of the admin acting [default: the first active admin]' -r
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from approve" -l env-file -d 'Read variables from this file instead of ./.env (the environment still wins)' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from approve" -l environment -d 'development | test | production [env: BAITECH_ENV]' -r
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from approve" -l mongodb-uri -d 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]' -r
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from approve" -l mongodb-db -d 'MongoDB database name [env: MONGODB_DB]' -r
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from approve" -l redis-url -d 'Redis URL; unset = in-process cache [env: REDIS_URL]' -r
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from approve" -l data-dir -d 'Embedded store directory [env: BAITECH_DATA]' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from approve" -l json -d 'Machine-readable JSON output instead of tables and text'
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from approve" -s v -l verbose -d 'More log output (-v debug, -vv trace)'
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from approve" -s q -l quiet -d 'Only warnings and errors'
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from approve" -s h -l help -d 'Print help'
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from approve" -s V -l version -d 'Print version'
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from remove" -l reason -d 'Why (shown to the author, kept in the audit log)' -r
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from remove" -l kind -r -f -a "post\t''
comment\t''
review\t''"
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from remove" -l admin -d 'E-mail of the admin acting [default: the first active admin]' -r
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from remove" -l env-file -d 'Read variables from this file instead of ./.env (the environment still wins)' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from remove" -l environment -d 'development | test | production [env: BAITECH_ENV]' -r
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from remove" -l mongodb-uri -d 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]' -r
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from remove" -l mongodb-db -d 'MongoDB database name [env: MONGODB_DB]' -r
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from remove" -l redis-url -d 'Redis URL; unset = in-process cache [env: REDIS_URL]' -r
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from remove" -l data-dir -d 'Embedded store directory [env: BAITECH_DATA]' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from remove" -l json -d 'Machine-readable JSON output instead of tables and text'
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from remove" -s v -l verbose -d 'More log output (-v debug, -vv trace)'
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from remove" -s q -l quiet -d 'Only warnings and errors'
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help'
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from remove" -s V -l version -d 'Print version'
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from review" -l kind -d 'Only this kind of content (repeatable)' -r -f -a "post\t''
comment\t''
review\t''"
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from review" -l reason -d 'Only items held for this reason' -r
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from review" -l limit -d 'Review at most this many items' -r
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from review" -l admin -d 'E-mail of the admin acting [default: the first active admin]' -r
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from review" -l env-file -d 'Read variables from this file instead of ./.env (the environment still wins)' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from review" -l environment -d 'development | test | production [env: BAITECH_ENV]' -r
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from review" -l mongodb-uri -d 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]' -r
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from review" -l mongodb-db -d 'MongoDB database name [env: MONGODB_DB]' -r
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from review" -l redis-url -d 'Redis URL; unset = in-process cache [env: REDIS_URL]' -r
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from review" -l data-dir -d 'Embedded store directory [env: BAITECH_DATA]' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from review" -l json -d 'Machine-readable JSON output instead of tables and text'
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from review" -s v -l verbose -d 'More log output (-v debug, -vv trace)'
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from review" -s q -l quiet -d 'Only warnings and errors'
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from review" -s h -l help -d 'Print help'
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from review" -s V -l version -d 'Print version'
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from bulk" -l ids -d 'Post, comment or review ids, comma-separated' -r
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from bulk" -l author -d 'Everything this author wrote (user id or e-mail)' -r
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from bulk" -l reason -d 'Why (one reason for every item; shown to the author, kept in the audit log)' -r
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from bulk" -l admin -d 'E-mail of the admin acting [default: the first active admin]' -r
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from bulk" -l env-file -d 'Read variables from this file instead of ./.env (the environment still wins)' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from bulk" -l environment -d 'development | test | production [env: BAITECH_ENV]' -r
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from bulk" -l mongodb-uri -d 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]' -r
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from bulk" -l mongodb-db -d 'MongoDB database name [env: MONGODB_DB]' -r
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from bulk" -l redis-url -d 'Redis URL; unset = in-process cache [env: REDIS_URL]' -r
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from bulk" -l data-dir -d 'Embedded store directory [env: BAITECH_DATA]' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from bulk" -l dry-run -d 'Say what would be removed, change nothing'
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from bulk" -s y -l yes -d 'Do not ask for confirmation (needed without a terminal)'
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from bulk" -l json -d 'Machine-readable JSON output instead of tables and text'
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from bulk" -s v -l verbose -d 'More log output (-v debug, -vv trace)'
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from bulk" -s q -l quiet -d 'Only warnings and errors'
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from bulk" -s h -l help -d 'Print help'
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from bulk" -s V -l version -d 'Print version'
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from log" -l actor -d 'Only decisions by this admin (user id or e-mail)' -r
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from log" -l target -d 'Only decisions on this post, comment or review' -r
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from log" -l since -d 'Only decisions at or after this (a date, a local time in Africa/Nairobi, or RFC 3339)' -r
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from log" -l limit -d 'At most this many entries' -r
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from log" -l env-file -d 'Read variables from this file instead of ./.env (the environment still wins)' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from log" -l environment -d 'development | test | production [env: BAITECH_ENV]' -r
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from log" -l mongodb-uri -d 'MongoDB connection string; unset = embedded store [env: MONGODB_URI]' -r
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from log" -l mongodb-db -d 'MongoDB database name [env: MONGODB_DB]' -r
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from log" -l redis-url -d 'Redis URL; unset = in-process cache [env: REDIS_URL]' -r
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from log" -l data-dir -d 'Embedded store directory [env: BAITECH_DATA]' -r -F
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from log" -l json -d 'Machine-readable JSON output instead of tables and text'
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from log" -s v -l verbose -d 'More log output (-v debug, -vv trace)'
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from log" -s q -l quiet -d 'Only warnings and errors'
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from log" -s h -l help -d 'Print help'
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from log" -s V -l version -d 'Print version'
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from help" -f -a "queue" -d 'Posts, comments and reviews waiting for review, newest first'
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from help" -f -a "show" -d 'One post, comment or review: content, scores (a review\'s stars and sentiment), its author\'s history, reports, past decisions'
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from help" -f -a "approve" -d 'Keep an item: visible again, its reports dismissed (a review is left as it is, its flag cleared)'
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Take an item down, with a reason the author is told (a review is hidden and stops counting in the reviewed user\'s statistics)'
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from help" -f -a "review" -d 'Go through the queue at a terminal: approve, remove with a reason, or skip each item'
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from help" -f -a "bulk" -d 'Remove many items with one reason: by ids or everything of one author'
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from help" -f -a "log" -d 'Past moderation decisions, newest first'
complete -c baitech -n "__fish_baitech_using_subcommand moderate; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c baitech -n "__fish_baitech_using_subcommand help; and not __fish_seen_subcommand_from serve health completions seed cleanup indexes settlements disputes export moderate help" -f -a "serve" -d 'Run the HTTP API server'
complete -c baitech -n "__fish_baitech_using_subcommand help; and not __fish_seen_subcommand_from serve health completions seed cleanup indexes settlements disputes export moderate help" -f -a "health" -d 'Check the store, the cache and optionally a running server'
complete -c baitech -n "__fish_baitech_using_subcommand help; and not __fish_seen_subcommand_from serve health completions seed cleanup indexes settlements disputes export moderate help" -f -a "completions" -d 'Print shell completions'
complete -c baitech -n "__fish_baitech_using_subcommand help; and not __fish_seen_subcommand_from serve health completions seed cleanup indexes settlements disputes export moderate help" -f -a "seed" -d 'Load the fixture set (admin account and demo data) and generate data at scale'
complete -c baitech -n "__fish_baitech_using_subcommand help; and not __fish_seen_subcommand_from serve health completions seed cleanup indexes settlements disputes export moderate help" -f -a "cleanup" -d 'Remove old messages and notifications, expired tokens and deleted conversations'
complete -c baitech -n "__fish_baitech_using_subcommand help; and not __fish_seen_subcommand_from serve health completions seed cleanup indexes settlements disputes export moderate help" -f -a "indexes" -d 'Create the indexes the product needs (idempotent)'
complete -c baitech -n "__fish_baitech_using_subcommand help; and not __fish_seen_subcommand_from serve health completions seed cleanup indexes settlements disputes export moderate help" -f -a "settlements" -d 'Transactions, payout batches, reconciliation of the books and technician payouts'
complete -c baitech -n "__fish_baitech_using_subcommand help; and not __fish_seen_subcommand_from serve health completions seed cleanup indexes settlements disputes export moderate help" -f -a "disputes" -d 'Bookings in dispute: list them, show one, settle one as an admin'
complete -c baitech -n "__fish_baitech_using_subcommand help; and not __fish_seen_subcommand_from serve health completions seed cleanup indexes settlements disputes export moderate help" -f -a "export" -d 'Stream a dataset (bookings, transactions, ledger, ...) to CSV, JSON or NDJSON'
complete -c baitech -n "__fish_baitech_using_subcommand help; and not __fish_seen_subcommand_from serve health completions seed cleanup indexes settlements disputes export moderate help" -f -a "moderate" -d 'The moderation queue of posts, comments and reviews: review, approve, remove, and the log'
complete -c baitech -n "__fish_baitech_using_subcommand help; and not __fish_seen_subcommand_from serve health completions seed cleanup indexes settlements disputes export moderate help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c baitech -n "__fish_baitech_using_subcommand help; and __fish_seen_subcommand_from settlements" -f -a "list" -d 'Transactions, newest first, filtered'
complete -c baitech -n "__fish_baitech_using_subcommand help; and __fish_seen_subcommand_from settlements" -f -a "batches" -d 'Payout batches, newest first'
complete -c baitech -n "__fish_baitech_using_subcommand help; and __fish_seen_subcommand_from settlements" -f -a "reconcile" -d 'Check that the books balance; exits 1 when anything does not add up'
complete -c baitech -n "__fish_baitech_using_subcommand help; and __fish_seen_subcommand_from settlements" -f -a "payout" -d 'Pay technicians what they are owed over M-Pesa (a dry run unless --execute)'
complete -c baitech -n "__fish_baitech_using_subcommand help; and __fish_seen_subcommand_from disputes" -f -a "list" -d 'Bookings in dispute, newest first'
complete -c baitech -n "__fish_baitech_using_subcommand help; and __fish_seen_subcommand_from disputes" -f -a "show" -d 'One dispute: parties, timeline, evidence, money, audit trail and the booking\'s chat'
complete -c baitech -n "__fish_baitech_using_subcommand help; and __fish_seen_subcommand_from disputes" -f -a "resolve" -d 'Settle a dispute as an admin: refund the customer, release to the technician, or split'
complete -c baitech -n "__fish_baitech_using_subcommand help; and __fish_seen_subcommand_from export" -f -a "bookings" -d 'Bookings with their price breakdown, by creation time'
complete -c baitech -n "__fish_baitech_using_subcommand help; and __fish_seen_subcommand_from export" -f -a "transactions" -d 'Payments, refunds and payouts with their split, by creation time'
complete -c baitech -n "__fish_baitech_using_subcommand help; and __fish_seen_subcommand_from export" -f -a "settlements" -d 'Payout batches, one row per payout item, by batch creation time'
complete -c baitech -n "__fish_baitech_using_subcommand help; and __fish_seen_subcommand_from export" -f -a "ledger" -d 'Ledger lines (double entry), by posting time'
complete -c baitech -n "__fish_baitech_using_subcommand help; and __fish_seen_subcommand_from export" -f -a "users" -d 'User accounts, by creation time'
complete -c baitech -n "__fish_baitech_using_subcommand help; and __fish_seen_subcommand_from export" -f -a "technicians" -d 'Technicians with their trades, statistics and earnings, by account creation time'
complete -c baitech -n "__fish_baitech_using_subcommand help; and __fish_seen_subcommand_from export" -f -a "audit" -d 'The audit log of privileged actions, by time of action'
complete -c baitech -n "__fish_baitech_using_subcommand help; and __fish_seen_subcommand_from export" -f -a "reviews" -d 'Reviews with their ratings, moderation and votes, by creation time'
complete -c baitech -n "__fish_baitech_using_subcommand help; and __fish_seen_subcommand_from export" -f -a "posts" -d 'Feed posts with their engagement and moderation, by creation time'
complete -c baitech -n "__fish_baitech_using_subcommand help; and __fish_seen_subcommand_from export" -f -a "moderation" -d 'Moderation decisions on posts, comments and reviews (from the audit log), by time'
complete -c baitech -n "__fish_baitech_using_subcommand help; and __fish_seen_subcommand_from export" -f -a "notifications" -d 'Notifications, one row per channel with delivery status, attempts and SMS cost, by creation time'
complete -c baitech -n "__fish_baitech_using_subcommand help; and __fish_seen_subcommand_from export" -f -a "columns" -d 'The columns of each dataset: CSV header, meaning, and whether it is personal data'
complete -c baitech -n "__fish_baitech_using_subcommand help; and __fish_seen_subcommand_from export" -f -a "report" -d 'An operators\' report: revenue, technicians, bookings (the funnel) or disputes'
complete -c baitech -n "__fish_baitech_using_subcommand help; and __fish_seen_subcommand_from moderate" -f -a "queue" -d 'Posts, comments and reviews waiting for review, newest first'
complete -c baitech -n "__fish_baitech_using_subcommand help; and __fish_seen_subcommand_from moderate" -f -a "show" -d 'One post, comment or review: content, scores (a review\'s stars and sentiment), its author\'s history, reports, past decisions'
complete -c baitech -n "__fish_baitech_using_subcommand help; and __fish_seen_subcommand_from moderate" -f -a "approve" -d 'Keep an item: visible again, its reports dismissed (a review is left as it is, its flag cleared)'
complete -c baitech -n "__fish_baitech_using_subcommand help; and __fish_seen_subcommand_from moderate" -f -a "remove" -d 'Take an item down, with a reason the author is told (a review is hidden and stops counting in the reviewed user\'s statistics)'
complete -c baitech -n "__fish_baitech_using_subcommand help; and __fish_seen_subcommand_from moderate" -f -a "review" -d 'Go through the queue at a terminal: approve, remove with a reason, or skip each item'
complete -c baitech -n "__fish_baitech_using_subcommand help; and __fish_seen_subcommand_from moderate" -f -a "bulk" -d 'Remove many items with one reason: by ids or everything of one author'
complete -c baitech -n "__fish_baitech_using_subcommand help; and __fish_seen_subcommand_from moderate" -f -a "log" -d 'Past moderation decisions, newest first'
