from plan_check.cli import main

main()
