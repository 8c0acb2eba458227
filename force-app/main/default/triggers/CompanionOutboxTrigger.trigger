trigger CompanionOutboxTrigger on Closebooks_Outbox__e(after insert) {
    CompanionOutboxSubscriber.deliver(Trigger.new);
}
