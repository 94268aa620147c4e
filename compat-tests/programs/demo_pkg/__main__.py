print("running demo_pkg as a program")
